using System;

namespace KlingO1
{
    /// <summary>
    /// A finished video can no longer be downloaded: its URL expired (24 hours after completion) and the service has
    /// deleted the file. Generate the video again.
    /// </summary>
    public sealed class VideoExpiredException : VideoTaskException
    {
        /// <summary>Creates the exception for a task whose video has expired.</summary>
        /// <param name="task">The completed task.</param>
        /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
        public VideoExpiredException(VideoTask task)
            : base(
                task,
                task is null ? string.Empty : $"The video of task {task.Id} expired at {task.ExpiresAt:u} (videos are kept 24 hours after completion); "
                    + "it can no longer be downloaded and must be generated again.")
        {
        }

        /// <summary>Gets when the video URL expired.</summary>
        public DateTimeOffset? ExpiredAt => Task.ExpiresAt;
    }
}
