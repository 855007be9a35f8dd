using System;

namespace KlingO1
{
    /// <summary>
    /// A wait for a task ran past its time limit (<see cref="KlingPollingOptions.Timeout"/>). The task may still be
    /// running: resume with <see cref="IKlingVideoClient.WaitForCompletionAsync"/> and the same
    /// <see cref="VideoTaskWaitException.TaskId"/>.
    /// </summary>
    public sealed class VideoTaskTimeoutException : VideoTaskWaitException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="taskId">The id of the task that was being waited for.</param>
        /// <param name="lastSeen">The task as last read, or <see langword="null"/> if it was never read.</param>
        /// <param name="timeout">The time limit that ran out.</param>
        /// <param name="innerException">The cause, if any.</param>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
        public VideoTaskTimeoutException(string taskId, VideoTask? lastSeen, TimeSpan timeout, Exception? innerException = null)
            : base(taskId, lastSeen, Describe(taskId, lastSeen, timeout), innerException)
        {
            Timeout = timeout;
        }

        /// <summary>Gets the time limit that ran out.</summary>
        public TimeSpan Timeout { get; }

        private static string Describe(string taskId, VideoTask? lastSeen, TimeSpan timeout)
            => $"Gave up waiting for video task {taskId} after {timeout} ({Seen(lastSeen)}). The task may still be running: "
                + $"resume with WaitForCompletionAsync(\"{taskId}\").";
    }
}
