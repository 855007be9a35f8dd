using System;

namespace KlingO1
{
    /// <summary>
    /// How the client retries a request that failed in passing. What is retried depends on the operation: status
    /// reads, uploads and downloads on any transient failure; a submit only when it provably was not accepted
    /// (HTTP 429, HTTP 503 <c>rate_limit_unavailable</c>, or a connection that never opened), because every accepted
    /// submit is billed and the service has no idempotency key.
    /// </summary>
    public sealed class KlingRetryOptions
    {
        /// <summary>Gets or sets how many times one request may be sent in all; 1 turns retries off.</summary>
        /// <value>4 (the first try and up to three retries).</value>
        public int MaxAttempts { get; set; } = 4;

        /// <summary>
        /// Gets or sets the nominal first backoff delay; later ones double up to <see cref="MaxDelay"/>. Each actual
        /// delay is between half and all of its nominal value (jitter), unless the service sent <c>Retry-After</c>.
        /// </summary>
        /// <value>1 second.</value>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Gets or sets the longest backoff delay.</summary>
        /// <value>30 seconds.</value>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Gets or sets the longest <c>Retry-After</c> the client waits for; a service asking for longer gets the
        /// rate-limit exception instead (with its <see cref="KlingRateLimitException.RetryAfter"/>).
        /// </summary>
        /// <value>60 seconds.</value>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        internal KlingRetryOptions Clone() => new() { MaxAttempts = MaxAttempts, BaseDelay = BaseDelay, MaxDelay = MaxDelay, MaxRetryAfter = MaxRetryAfter };
    }
}
