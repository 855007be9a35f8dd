namespace KlingO1.Transport.Operations
{
    /// <summary>Which failed attempts of an operation are sent again (within its attempt limit); the pipelines apply it.</summary>
    internal enum RetryRule
    {
        /// <summary>
        /// Any passing failure: a status that says "try again later" (408, 429, 500, 502, 503, 504) unless its
        /// <c>Retry-After</c> is beyond <see cref="KlingRetryOptions.MaxRetryAfter"/>, or a failed exchange (connection trouble,
        /// an attempt that ran out of time). For operations whose repetition costs nothing.
        /// </summary>
        AnyPassingFailure,

        /// <summary>
        /// Only a failure that proves the service did not accept the request: a refusal it stated for now (429, or 503 from
        /// the submit limiter) with a bearable <c>Retry-After</c>, or a connection that never opened. Where the SDK's innermost
        /// handler saw the send, its record decides (<see cref="Resilience.SubmitOutcome.MaySendAgain"/>).
        /// </summary>
        OnlyWhenProvablyNotAccepted,
    }
}
