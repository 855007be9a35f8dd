using System;
using System.Globalization;

namespace KlingO1
{
    /// <summary>
    /// The caller's limiter (<see cref="KlingVideoClientOptions.StatusReadLimiter"/> or
    /// <see cref="KlingVideoClientOptions.SubmitLimiter"/>) refused a permit, so the request was not sent: a submit refused
    /// here created (and billed) nothing, and may be made again later.
    /// </summary>
    public sealed class KlingRateLimiterRejectedException : KlingException
    {
        internal KlingRateLimiterRejectedException(string operation, TimeSpan? retryAfter)
            : base(MessageFor(operation, retryAfter))
        {
            Operation = operation;
            RetryAfter = retryAfter;
        }

        /// <summary>Gets the operation that got no permit, for example <c>status read</c> or <c>submit</c>.</summary>
        public string Operation { get; }

        /// <summary>Gets how long the limiter asked to wait before the next try, when it said.</summary>
        public TimeSpan? RetryAfter { get; }

        private static string MessageFor(string operation, TimeSpan? retryAfter)
            => $"The {operation} got no permit from the configured rate limiter (its queue is full, or it was disposed), so it was not sent"
                + (retryAfter is { } after ? "; it asks to wait " + after.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s before trying again." : ".");
    }
}
