using System;
using System.Globalization;

namespace KlingO1
{
    /// <summary>
    /// A wait for a task ran past its time limit (<see cref="PollingOptions.Timeout"/>). The task may still be
    /// running: resume with <see cref="IKlingVideoClient.WaitForCompletionAsync"/> and the same <see cref="TaskId"/>.
    /// </summary>
    public sealed class VideoTaskTimeoutException : KlingException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="taskId">The id of the task that was being waited for.</param>
        /// <param name="lastSeen">The task as last read, or <see langword="null"/> if it was never read.</param>
        /// <param name="timeout">The time limit that ran out.</param>
        /// <param name="innerException">The cause, if any.</param>
        public VideoTaskTimeoutException(string taskId, VideoTask? lastSeen, TimeSpan timeout, Exception? innerException = null)
            : base(Describe(taskId, lastSeen, timeout), innerException)
        {
            TaskId = taskId;
            LastSeen = lastSeen;
            Timeout = timeout;
        }

        /// <summary>Gets the id of the task that was being waited for.</summary>
        public string TaskId { get; }

        /// <summary>Gets the task as last read, or <see langword="null"/> if it was never read.</summary>
        public VideoTask? LastSeen { get; }

        /// <summary>Gets the status last seen, or <see langword="null"/> if the task was never read.</summary>
        public VideoTaskStatus? LastStatus => LastSeen?.Status;

        /// <summary>Gets the time limit that ran out.</summary>
        public TimeSpan Timeout { get; }

        private static string Describe(string taskId, VideoTask? lastSeen, TimeSpan timeout)
        {
            var seen = lastSeen is null
                ? "it was never read"
                : $"last seen {lastSeen.Status} at {lastSeen.Progress.ToString(CultureInfo.InvariantCulture)}%";
            return $"Gave up waiting for video task {taskId} after {timeout} ({seen}). The task may still be running: "
                + "resume with WaitForCompletionAsync and the same task id.";
        }
    }
}
