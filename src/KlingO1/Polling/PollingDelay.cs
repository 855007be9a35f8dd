using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// Answers, for one wait, when to read its task next: the strategy's interval after what the last read left (the task
    /// as last seen, the prior, the reads so far), and never sooner than the service asked. Every such decision has one
    /// place: the interval is the strategy's (<see cref="ProgressAwareSchedule"/>, <see cref="PollingBackoff"/>), its
    /// spread is <see cref="PollingJitter"/>'s, a failed read's <c>Retry-After</c> is honoured in <see cref="NextReadAt"/>;
    /// what the service says of the whole client (its rate, a spent window until its reset) paces every wait at once, in
    /// the scheduler's <see cref="ReadPace"/>.
    /// </summary>
    /// <remarks>
    /// Every interval stays within [shortest, longest] (the service asks for reads at least 5 s apart; the longest is the
    /// caller's) and draws exactly one number from the jitter source. One instance per wait; not thread-safe (the reads
    /// of one wait never overlap).
    /// </remarks>
    internal abstract class PollingDelay
    {
        private readonly Func<double> _nextUnitRandom;

        /// <param name="min">The shortest interval.</param>
        /// <param name="max">The longest interval.</param>
        /// <param name="nextUnitRandom">A source of numbers in [0, 1), thread-safe; seeded in tests.</param>
        protected PollingDelay(TimeSpan min, TimeSpan max, Func<double> nextUnitRandom)
        {
            Min = min;
            Max = max;
            _nextUnitRandom = nextUnitRandom;
        }

        /// <summary>Gets the shortest interval.</summary>
        protected TimeSpan Min { get; }

        /// <summary>Gets the longest interval.</summary>
        protected TimeSpan Max { get; }

        /// <summary>
        /// Gets when the task is estimated to end, as of the last <see cref="DelayAfter"/>, or null when nothing is known
        /// to estimate from. The scheduler ranks due reads by it when more are due than the rate allows.
        /// </summary>
        public DateTimeOffset? EstimatedEnd { get; protected set; }

        /// <summary>
        /// Gets a value indicating whether <see cref="EstimatedEnd"/> comes from the request's prior alone (nothing of the
        /// task's own progress seen yet): a spread of plausible ends, not a measurement that can turn out wrong.
        /// </summary>
        public bool EstimateFromPriorAlone { get; protected set; }

        /// <summary>Returns the delay of a new wait, by the configured strategy.</summary>
        /// <param name="options">The polling settings.</param>
        /// <param name="nextUnitRandom">A source of numbers in [0, 1), thread-safe; seeded in tests.</param>
        /// <param name="prior">What the request says about the task's running time (a wait started at its submit), or null.</param>
        public static PollingDelay For(KlingPollingOptions options, Func<double> nextUnitRandom, GenerationTimePrior? prior)
            => options.Strategy == PollingStrategy.ProgressAware
                ? new ProgressAwareSchedule(options.InitialDelay, options.MaxInterval, nextUnitRandom, prior, estimateLed: !options.UsesLongestDueScheduling)
                : new PollingBackoff(options.InitialDelay, options.MaxInterval, nextUnitRandom);

        /// <summary>Returns when to read the task next.</summary>
        /// <param name="lastSeen">The task as last seen: just read, or before the read that failed; null if never seen.</param>
        /// <param name="now">The time of the read (or of its failure).</param>
        /// <param name="retryAfter">How long the service asked to wait (a failed read's <c>Retry-After</c>), or null.</param>
        public DateTimeOffset NextReadAt(VideoTask? lastSeen, DateTimeOffset now, TimeSpan? retryAfter = null)
        {
            var delay = DelayAfter(lastSeen, now);

            // A rate limit the read could not wait out itself (Retry-After beyond its cap) is waited out here.
            return now + (retryAfter is { } asked && asked > delay ? asked : delay);
        }

        /// <summary>Returns the strategy's interval before the next read, given the task as last seen at <paramref name="now"/>.</summary>
        /// <param name="lastSeen">The task as last seen: just read, or before the read that failed; null if never seen.</param>
        /// <param name="now">The time of the read (or of its failure).</param>
        public abstract TimeSpan DelayAfter(VideoTask? lastSeen, DateTimeOffset now);

        /// <summary>Returns the shortest interval doubled <paramref name="doublings"/> times, at most the longest.</summary>
        protected TimeSpan Doubled(int doublings)
        {
            // Past 2^30 times the shortest interval the cap has long been reached; stop doubling before it overflows.
            var factor = Math.Pow(2, Math.Min(doublings, 30));
            return TimeSpan.FromTicks((long)Math.Min(Min.Ticks * factor, Max.Ticks));
        }

        /// <summary>Spreads an interval by up to <paramref name="share"/> of itself, within the bounds, so waits started together part.</summary>
        protected TimeSpan Jittered(TimeSpan delay, double share) => PollingJitter.Spread(delay, Min, Max, share, _nextUnitRandom());

        /// <summary>Spreads an interval as <see cref="Jittered(TimeSpan, double)"/> does, within [shortest, <paramref name="longest"/>].</summary>
        protected TimeSpan Jittered(TimeSpan delay, double share, TimeSpan longest) => PollingJitter.Spread(delay, Min, longest, share, _nextUnitRandom());
    }
}
