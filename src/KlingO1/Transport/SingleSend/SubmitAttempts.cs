using Polly;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// The records of one submit's attempts (the SDK's own retries of a refused submit send a new message each); the
    /// last one tells what happened to the message whose failure the caller sees. The pipeline's retry decision finds it
    /// in the resilience context.
    /// </summary>
    internal sealed class SubmitAttempts
    {
        /// <summary>The resilience context's key of the submit being sent.</summary>
        public static readonly ResiliencePropertyKey<SubmitAttempts> Key = new("KlingO1.SubmitAttempts");

        public SubmitAttempts(bool guarded) => Guarded = guarded;

        /// <summary>Gets a value indicating whether the client has the SDK's innermost handler.</summary>
        public bool Guarded { get; }

        /// <summary>Gets the record of the latest attempt, or null before the first one.</summary>
        public SubmitSend? Last { get; private set; }

        /// <summary>Starts the record of the next attempt.</summary>
        public SubmitSend Next() => Last = new SubmitSend(Guarded);
    }
}
