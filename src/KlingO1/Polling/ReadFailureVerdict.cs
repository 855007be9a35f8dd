using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// What a failed status read means for its wait, as the engine judges it (Polling knows no HTTP): it ends the wait, or
    /// it passes and the wait polls on, no sooner than the service asked.
    /// </summary>
    internal readonly struct ReadFailureVerdict
    {
        private ReadFailureVerdict(bool passes, TimeSpan? retryAfter)
        {
            Passes = passes;
            RetryAfter = retryAfter;
        }

        /// <summary>Gets the verdict on a refusal: the wait ends with the failure as it is.</summary>
        public static ReadFailureVerdict Ends => default;

        /// <summary>Gets a value indicating whether a later read may not meet the failure, so the wait polls on.</summary>
        public bool Passes { get; }

        /// <summary>Gets how long the service asked to wait before reading again (its <c>Retry-After</c>), or null.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>Returns the verdict on a passing failure, with the wait the service asked for, if any.</summary>
        public static ReadFailureVerdict Passing(TimeSpan? retryAfter) => new(passes: true, retryAfter);
    }
}
