namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// The records of one submit's attempts (the SDK's own retries of a refused submit send a new message each); the
    /// last one tells what happened to the message whose failure the caller sees.
    /// </summary>
    internal sealed class SubmitAttempts
    {
        /// <summary>Gets the record of the latest attempt, or null before the first one.</summary>
        public SubmitSend? Last { get; private set; }

        /// <summary>Starts the record of the next attempt.</summary>
        public SubmitSend Next() => Last = new SubmitSend();
    }
}
