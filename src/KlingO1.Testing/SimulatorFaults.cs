using System;
using System.Net;
using System.Threading;

namespace KlingO1.Testing
{
    /// <summary>
    /// Faults to switch on while a test runs, each for the next N matching requests: rate limits, server errors,
    /// lost submit responses, slow answers, expired video URLs; and status reads that fail at random, for bulk runs.
    /// Thread-safe.
    /// </summary>
    public sealed class SimulatorFaults
    {
        // What a status read that fails at random gets: one of these statuses, or (0) a dropped connection.
        private static readonly int[] RandomReadFaults = { 500, 502, 503, 504, 0 };
        private readonly object _randomReadsGate = new();
        private Random? _randomReads;
        private double _randomReadShare;
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
        /// Fails each status read (<c>GET /v1/videos/generations/{id}</c>, by task id or business id) from now on with the
        /// probability <paramref name="share"/>, until switched off with 0: the read is answered 500, 502, 503 or 504, or
        /// its connection is dropped before the answer, each of the five as likely. The draws come from a random sequence
        /// started from <paramref name="seed"/>, so a run whose reads arrive in the same order fails the same ones. Unlike
        /// the other faults this one is not for the next N requests: it is for bulk and soak tests of a client's retries.
        /// </summary>
        /// <param name="share">The probability that a read fails, from 0 (none: the fault is off) to 1 (all).</param>
        /// <param name="seed">Starts the random sequence.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not from 0 to 1.</exception>
        public void FailStatusReadsAtRandom(double share, int seed = 0)
        {
            if (!(share >= 0 && share <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(share), share, "The share of status reads to fail must be from 0 to 1.");
            }

            lock (_randomReadsGate)
            {
                _randomReadShare = share;
                _randomReads = share > 0 ? new Random(seed) : null;
            }
        }

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

        /// <summary>
        /// Draws whether this status read fails at random (see <see cref="FailStatusReadsAtRandom"/>): <see langword="null"/>
        /// when it does not, else the status to answer with, or 0 to drop the connection.
        /// </summary>
        internal int? TakeRandomReadFault()
        {
            lock (_randomReadsGate)
            {
                if (_randomReads is null || _randomReads.NextDouble() >= _randomReadShare)
                {
                    return null;
                }

                return RandomReadFaults[_randomReads.Next(RandomReadFaults.Length)];
            }
        }
    }
}
