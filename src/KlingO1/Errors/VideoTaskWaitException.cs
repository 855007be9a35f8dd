using System;
using System.Globalization;

namespace KlingO1
{
    /// <summary>
    /// The SDK stopped following a task that exists (and is billed) before the task ended: a status read was refused or
    /// unreadable, the caller's progress handler threw, or the client was disposed. The task goes on at the service:
    /// resume with <see cref="IKlingVideoClient.WaitForCompletionAsync"/> and <see cref="TaskId"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="IKlingVideoClient.GenerateAsync"/> throws it for every failure after its submit was accepted, with the
    /// cause as <see cref="Exception.InnerException"/>; <see cref="VideoTaskTimeoutException"/> is the one for a wait that
    /// ran out of time.
    /// </remarks>
    public class VideoTaskWaitException : KlingException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="taskId">The id of the task that was being followed.</param>
        /// <param name="lastSeen">The task as last read, or <see langword="null"/> if it was never read.</param>
        /// <param name="innerException">What ended the wait.</param>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
        public VideoTaskWaitException(string taskId, VideoTask? lastSeen, Exception? innerException)
            : this(taskId, lastSeen, Describe(taskId, lastSeen, innerException), innerException)
        {
        }

        /// <summary>Creates the exception with a message of a subclass's own.</summary>
        /// <param name="taskId">The id of the task that was being followed.</param>
        /// <param name="lastSeen">The task as last read, or <see langword="null"/> if it was never read.</param>
        /// <param name="message">What happened.</param>
        /// <param name="innerException">The cause, if any.</param>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or empty.</exception>
        protected VideoTaskWaitException(string taskId, VideoTask? lastSeen, string message, Exception? innerException)
            : base(message, innerException)
        {
            if (string.IsNullOrEmpty(taskId))
            {
                throw new ArgumentException("A task id is required.", nameof(taskId));
            }

            TaskId = taskId;
            LastSeen = lastSeen;
        }

        /// <summary>Gets the id of the task: resume with it.</summary>
        public string TaskId { get; }

        /// <summary>Gets the task as last read, or <see langword="null"/> if it was never read.</summary>
        public VideoTask? LastSeen { get; }

        /// <summary>Gets the status last seen, or <see langword="null"/> if the task was never read.</summary>
        public VideoTaskStatus? LastStatus => LastSeen?.Status;

        /// <summary>Describes what was last seen of a task, for messages.</summary>
        internal static string Seen(VideoTask? lastSeen)
            => lastSeen is null
                ? "it was never read"
                : $"last seen {lastSeen.Status} at {lastSeen.Progress.ToString(CultureInfo.InvariantCulture)}%";

        private static string Describe(string taskId, VideoTask? lastSeen, Exception? cause)
            => $"Stopped following video task {taskId} ({Seen(lastSeen)}): {cause?.Message ?? "no cause given"} "
                + $"The task goes on at the service: resume with WaitForCompletionAsync(\"{taskId}\").";
    }
}
