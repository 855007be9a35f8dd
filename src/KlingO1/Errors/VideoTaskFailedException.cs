using System;

namespace KlingO1
{
    /// <summary>A task ended as failed, for example because its content was refused by the content policy.</summary>
    public sealed class VideoTaskFailedException : VideoTaskException
    {
        /// <summary>Creates the exception for a failed task.</summary>
        /// <param name="task">The failed task.</param>
        /// <exception cref="ArgumentNullException"><paramref name="task"/> is null.</exception>
        public VideoTaskFailedException(VideoTask task)
            : base(task, task is null ? string.Empty : $"Video task {task.Id} failed: {task.Error?.ToString() ?? "the service gave no reason"}.")
        {
        }

        /// <summary>Gets the service's error code for the failure, for example <c>generation_failed</c>.</summary>
        public string? ErrorCode => Task.Error?.Code;

        /// <summary>Gets the service's explanation of the failure.</summary>
        public string? ErrorMessage => Task.Error?.Message;
    }
}
