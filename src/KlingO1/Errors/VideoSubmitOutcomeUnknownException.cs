using System;

namespace KlingO1
{
    /// <summary>
    /// A submit failed after it may have reached the service (a server error, a timeout, a connection lost mid-answer),
    /// so a task may have been created and billed. The SDK never sends such a submit again on its own.
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
        /// <param name="lookupOutcome">What looking the task up by its business id found, if that was tried.</param>
        public VideoSubmitOutcomeUnknownException(string? clientBusinessId, Exception innerException, string? lookupOutcome = null)
            : base(Describe(clientBusinessId, innerException, lookupOutcome), innerException)
        {
            ClientBusinessId = clientBusinessId;
        }

        /// <summary>Gets the business id sent with the submit, to look the task up by; <see langword="null"/> if none was sent.</summary>
        public string? ClientBusinessId { get; }

        private static string Describe(string? clientBusinessId, Exception cause, string? lookupOutcome)
        {
            var text = $"The submit may or may not have created a (billed) task: {cause?.Message} It was not sent again.";
            if (clientBusinessId is null)
            {
                return text + " Without a ClientBusinessId the task cannot be looked up: check your ToAPIs task list before "
                    + "submitting again, and set ClientBusinessId (or KlingVideoClientOptions.GenerateClientBusinessIds) to make this recoverable.";
            }

            return text + (lookupOutcome is null ? string.Empty : " " + lookupOutcome)
                + $" Look it up later with GetTaskAsync(\"{clientBusinessId}\") before submitting again.";
        }
    }
}
