using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The interval before each re-read of a task (<see cref="PollingStrategy.ExponentialBackoff"/>): <c>InitialDelay</c>,
    /// then doubling up to <c>MaxInterval</c> with every read, whatever it saw, each stretched by up to 20% of jitter
    /// (folded back below the cap, so intervals at the cap spread too) so that many waits started together spread out.
    /// </summary>
    internal sealed class PollingBackoff : PollingDelay
    {
        private const double JitterShare = 0.2;
        private int _intervals;

        /// <param name="initial">The first interval and the shortest.</param>
        /// <param name="max">The longest interval.</param>
        /// <param name="nextUnitRandom">A source of numbers in [0, 1), thread-safe; seeded in tests.</param>
        public PollingBackoff(TimeSpan initial, TimeSpan max, Func<double> nextUnitRandom)
            : base(initial, max, nextUnitRandom)
        {
        }

        /// <inheritdoc />
        public override TimeSpan DelayAfter(VideoTask? lastSeen, DateTimeOffset now) => DelayBefore(_intervals++);

        /// <summary>Returns the interval before re-read number <paramref name="attempt"/> (0 for the first).</summary>
        public TimeSpan DelayBefore(int attempt) => Jittered(Doubled(attempt), JitterShare);
    }
}
