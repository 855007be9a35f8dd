using System;
using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>
    /// What one status-read answer said about the service's limit, handed to whoever paces the reads (the engine wires it
    /// to the poll scheduler). Made for every attempt's answer, a retried one too, as soon as it arrives.
    /// </summary>
    internal readonly struct RateLimitReport
    {
        private RateLimitReport(RateLimitInfo? info, TimeSpan? retryAfter, bool refused, DateTimeOffset receivedAt)
        {
            Info = info;
            RetryAfter = retryAfter;
            Refused = refused;
            ReceivedAt = receivedAt;
        }

        /// <summary>Gets the <c>X-RateLimit-*</c> facts, or null when the answer had none.</summary>
        public RateLimitInfo? Info { get; }

        /// <summary>Gets the answer's <c>Retry-After</c>, or null.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>Gets a value indicating whether the answer was a 429: the read was refused for the rate.</summary>
        public bool Refused { get; }

        /// <summary>Gets when the answer arrived, on the client's clock.</summary>
        public DateTimeOffset ReceivedAt { get; }

        /// <summary>Gets a value indicating whether the answer said anything about the limit at all.</summary>
        public bool IsEmpty => Info is null && RetryAfter is null && !Refused;

        /// <summary>Reads the report off an answer; never throws.</summary>
        public static RateLimitReport From(HttpResponseMessage response, TimeProvider time, string apiKey)
            => new(RateLimitHeaders.Read(response, time, apiKey), ApiErrorMapper.RetryAfter(response, time), (int)response.StatusCode == 429, time.GetUtcNow());
    }
}
