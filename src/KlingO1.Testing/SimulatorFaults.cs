using System;
using System.Net;
using System.Threading;

namespace KlingO1.Testing
{
    /// <summary>
    /// Faults to switch on while a test runs, each for the next N matching requests: rate limits, server errors,
    /// lost submit responses, slow answers, expired video URLs. Thread-safe.
    /// </summary>
    public sealed class SimulatorFaults
    {
        private int _rateLimitedSubmits;
        private long _retryAfterTicks = TimeSpan.FromSeconds(1).Ticks;
        private int _serverErrors;
        private int _serverErrorStatus = 500;
        private int _lostSubmitResponses;
        private int _limiterUnavailableSubmits;
        private long _latencyTicks;
        private int _videoUrlsExpired;

        /// <summary>
        /// Answers the next <paramref name="count"/> submits with HTTP 429, <c>Retry-After</c> and the
        /// <c>X-RateLimit-*</c> headers (the configured submit limit, or the default tier's); no task is created and no
        /// allowance is used.
        /// </summary>
        /// <param name="count">How many submits to refuse.</param>
        /// <param name="retryAfter">The wait to ask for, sent in whole seconds.</param>
        public void RateLimitSubmits(int count, TimeSpan retryAfter)
        {
            Interlocked.Exchange(ref _retryAfterTicks, retryAfter.Ticks);
            Interlocked.Exchange(ref _rateLimitedSubmits, count);
        }

        /// <summary>Answers the next <paramref name="count"/> submits with HTTP 503 <c>rate_limit_unavailable</c>; no task is created.</summary>
        /// <param name="count">How many submits to refuse.</param>
        public void MakeSubmitLimiterUnavailable(int count) => Interlocked.Exchange(ref _limiterUnavailableSubmits, count);

        /// <summary>Answers the next <paramref name="count"/> API requests (any endpoint but the file host) with a server error.</summary>
        /// <param name="count">How many requests to fail.</param>
        /// <param name="statusCode">The status to answer with: <see cref="HttpStatusCode.InternalServerError"/> by default.</param>
        public void FailRequests(int count, HttpStatusCode statusCode = HttpStatusCode.InternalServerError)
        {
            Interlocked.Exchange(ref _serverErrorStatus, (int)statusCode);
            Interlocked.Exchange(ref _serverErrors, count);
        }

        /// <summary>
        /// Creates the task for each of the next <paramref name="count"/> submits, then drops the connection before
        /// answering: the client cannot know that it was billed.
        /// </summary>
        /// <param name="count">How many submit answers to lose.</param>
        public void LoseSubmitResponses(int count) => Interlocked.Exchange(ref _lostSubmitResponses, count);

        /// <summary>
        /// Gets or sets a delay, by the simulator's clock, before every API answer (<see cref="TimeSpan.MaxValue"/>: none
        /// comes until the client gives up).
        /// </summary>
        /// <value><see cref="TimeSpan.Zero"/>.</value>
        public TimeSpan Latency
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
            set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }

        /// <summary>Gets or sets a value indicating whether the file host refuses finished videos as expired (HTTP 403).</summary>
        /// <value><see langword="false"/>.</value>
        public bool VideoUrlsExpired
        {
            get => Volatile.Read(ref _videoUrlsExpired) != 0;
            set => Volatile.Write(ref _videoUrlsExpired, value ? 1 : 0);
        }

        /// <summary>Gets the faults of webhook delivery: lost, duplicated, late or wrongly signed deliveries.</summary>
        public SimulatorWebhookFaults Webhooks { get; } = new();

        internal TimeSpan RetryAfter => TimeSpan.FromTicks(Interlocked.Read(ref _retryAfterTicks));

        internal int ServerErrorStatus => Volatile.Read(ref _serverErrorStatus);

        internal bool TakeRateLimitedSubmit() => FaultCounter.TakeOne(ref _rateLimitedSubmits);

        internal bool TakeLimiterUnavailableSubmit() => FaultCounter.TakeOne(ref _limiterUnavailableSubmits);

        internal bool TakeServerError() => FaultCounter.TakeOne(ref _serverErrors);

        internal bool TakeLostSubmitResponse() => FaultCounter.TakeOne(ref _lostSubmitResponses);
    }
}
