using System;

namespace KlingO1
{
    /// <summary>
    /// A submit failed after it may have reached the service (a server error, a timeout, a connection lost mid-answer,
    /// an answer the SDK cannot read), so a task may have been created and billed. The SDK never sends such a submit
    /// again, and refuses to let a handler around it do so.
    /// </summary>
    /// <remarks>
    /// With a <see cref="VideoGenerationRequest.ClientBusinessId"/> the SDK has already looked the task up by it;
    /// look again later with <see cref="IKlingVideoClient.GetTaskAsync"/> and that id before submitting again.
    /// </remarks>
    public sealed class VideoSubmitOutcomeUnknownException : KlingException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="clientBusinessId">The business id sent with the submit, or <see langword="null"/>.</param>
        /// <param name="innerException">What went wrong.</param>
        /// <param name="details">What the SDK knows beyond that: how often the submit was sent, what a lookup found.</param>
        public VideoSubmitOutcomeUnknownException(string? clientBusinessId, Exception innerException, string? details = null)
            : base(Describe(clientBusinessId, innerException, details), innerException)
        {
            ClientBusinessId = clientBusinessId;
            Details = details;
        }

        /// <summary>Gets the business id sent with the submit, to look the task up by; <see langword="null"/> if none was sent.</summary>
        public string? ClientBusinessId { get; }

        /// <summary>Gets what the SDK knew beyond the cause, as given to the constructor.</summary>
        internal string? Details { get; }

        private static string Describe(string? clientBusinessId, Exception cause, string? details)
        {
            var text = $"The submit may or may not have created a (billed) task: {cause?.Message}"
                + (details is null ? string.Empty : " " + details);
            if (clientBusinessId is null)
            {
                return text + " Without a ClientBusinessId the task cannot be looked up: check your ToAPIs task list before "
                    + "submitting again, and set ClientBusinessId (or KlingVideoClientOptions.GenerateClientBusinessIds) to make this recoverable.";
            }

            return text + $" Look it up with GetTaskAsync(\"{clientBusinessId}\") before submitting again.";
        }
    }
}
