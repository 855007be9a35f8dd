using System;

namespace KlingO1
{
    /// <summary>
    /// A finished video can no longer be downloaded: its URL expired (24 hours after completion) and the service has
    /// deleted the file. Generate the video again.
    /// </summary>
    public sealed class VideoExpiredException : KlingException
    {
        /// <summary>Creates the exception for a task whose video has expired.</summary>
        /// <param name="task">The completed task.</param>
        /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
        public VideoExpiredException(VideoTask task)
            : base(Describe(task))
        {
            Task = task;
        }

        /// <summary>Gets the task whose video expired.</summary>
        public VideoTask Task { get; }

        /// <summary>Gets the task's id.</summary>
        public string TaskId => Task.Id;

        /// <summary>Gets when the video URL expired.</summary>
        public DateTimeOffset? ExpiredAt => Task.ExpiresAt;

        private static string Describe(VideoTask task)
            => task is null
                ? throw new ArgumentNullException(nameof(task))
                : $"The video of task {task.Id} expired at {task.ExpiresAt:u} (videos are kept 24 hours after completion); "
                    + "it can no longer be downloaded and must be generated again.";
    }
}
