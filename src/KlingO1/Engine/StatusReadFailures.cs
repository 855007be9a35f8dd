using System;
using KlingO1.Polling;
using KlingO1.Transport.Operations;

namespace KlingO1.Engine
{
    /// <summary>
    /// The engine's rule for a status read that failed as a whole (the transport has already retried it): which failures a
    /// wait absorbs and polls on, and how long the service asked it to hold off. Handed to the poller as a delegate, so
    /// Polling needs no transport type; which failures pass is the operation table's rule for a status read.
    /// </summary>
    internal static class StatusReadFailures
    {
        /// <summary>Judges one failed read of a wait.</summary>
        public static ReadFailureVerdict Judge(Exception exception)
            => !IsPassing(exception) ? ReadFailureVerdict.Ends
                // A rate limit the read could not wait out itself (Retry-After beyond its cap) is waited out by the wait.
                : ReadFailureVerdict.Passing(exception is KlingRateLimitException { RetryAfter: { } asked } ? asked : null);

        /// <summary>True for a read failure that a later read may not meet: the status read's rule in the operation table.</summary>
        private static bool IsPassing(Exception exception) => ApiOperations.StatusRead.WaitReadsAgainAfter(exception);
    }
}
