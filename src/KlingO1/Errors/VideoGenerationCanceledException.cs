using System;
using System.Threading;

namespace KlingO1
{
    /// <summary>
    /// The caller cancelled after a submit may have reached the service, so a (billed) task may exist and goes on there.
    /// It is an <see cref="OperationCanceledException"/>, so cancellation handling stays as it is, and it carries what
    /// finds the task: <see cref="TaskId"/> once the submit was accepted, otherwise <see cref="ClientBusinessId"/>.
    /// </summary>
    /// <remarks>
    /// A cancellation before anything of the submit left the process stays a plain <see cref="OperationCanceledException"/>:
    /// then there is nothing to find.
    /// </remarks>
    public sealed class VideoGenerationCanceledException : OperationCanceledException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="taskId">The task's id when the submit was accepted, or <see langword="null"/> when its answer never came.</param>
        /// <param name="lastSeen">The task as last read, or <see langword="null"/>.</param>
        /// <param name="clientBusinessId">The business id sent with the submit, or <see langword="null"/>.</param>
        /// <param name="innerException">The cancellation as it was caught.</param>
        /// <param name="cancellationToken">The token that was cancelled.</param>
        public VideoGenerationCanceledException(string? taskId, VideoTask? lastSeen, string? clientBusinessId, Exception? innerException, CancellationToken cancellationToken)
            : base(Describe(taskId, lastSeen, clientBusinessId), innerException, cancellationToken)
        {
            TaskId = taskId;
            LastSeen = lastSeen;
            ClientBusinessId = clientBusinessId;
        }

        /// <summary>Gets the task's id, or <see langword="null"/> when the submit's answer never came (see <see cref="ClientBusinessId"/>).</summary>
        public string? TaskId { get; }

        /// <summary>Gets the task as last read, or <see langword="null"/>.</summary>
        public VideoTask? LastSeen { get; }

        /// <summary>Gets the business id sent with the submit, to look the task up by; <see langword="null"/> if none was sent.</summary>
        public string? ClientBusinessId { get; }

        private static string Describe(string? taskId, VideoTask? lastSeen, string? clientBusinessId)
        {
            if (taskId is not null)
            {
                return $"Cancelled while following video task {taskId} ({VideoTaskWaitException.Seen(lastSeen)}). The task goes on at the "
                    + $"service (and is billed): resume with WaitForCompletionAsync(\"{taskId}\").";
            }

            return clientBusinessId is null
                ? "Cancelled after the submit may have reached the service: a (billed) task may exist. Without a ClientBusinessId it "
                    + "cannot be looked up: check your ToAPIs task list before submitting again."
                : "Cancelled after the submit may have reached the service: a (billed) task may exist. Look it up with "
                    + $"GetTaskAsync(\"{clientBusinessId}\") before submitting again.";
        }
    }
}
