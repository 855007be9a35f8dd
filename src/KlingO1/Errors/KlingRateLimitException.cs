using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>
    /// The service limited the request rate (HTTP 429), or its submit limiter was unavailable (HTTP 503
    /// <c>rate_limit_unavailable</c>). Either way the request was not accepted, so sending it again after
    /// <see cref="RetryAfter"/> is safe, also for a submit.
    /// </summary>
    public sealed class KlingRateLimitException : KlingApiException
    {
        internal KlingRateLimitException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
            RetryAfter = details.RetryAfter;
            RateLimit = details.RateLimit;
        }

        /// <summary>Gets how long the service asked to wait, from its <c>Retry-After</c> header, when it sent one.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>Gets what the answer's <c>X-RateLimit-*</c> headers said (which limit, what is left, when it resets), when it sent any.</summary>
        public RateLimitInfo? RateLimit { get; }
    }
}
