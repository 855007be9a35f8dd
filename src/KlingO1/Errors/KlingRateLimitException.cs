using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>
    /// The service limited the request rate (HTTP 429). The request was not accepted, so sending it again after
    /// <see cref="RetryAfter"/> is safe, also for a submit.
    /// </summary>
    public sealed class KlingRateLimitException : KlingApiException
    {
        internal KlingRateLimitException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
            RetryAfter = details.RetryAfter;
        }

        /// <summary>Gets how long the service asked to wait, from its <c>Retry-After</c> header, when it sent one.</summary>
        public TimeSpan? RetryAfter { get; }
    }
}
