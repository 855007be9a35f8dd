using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The interval before each re-read of a task: <c>InitialDelay</c>, then doubling up to <c>MaxInterval</c>,
    /// each stretched by up to 20% of jitter (folded back below the cap, so intervals at the cap spread too) so that many
    /// waits started together spread out. Every interval stays within [InitialDelay, MaxInterval]: never sooner than the
    /// service asks, never longer than configured.
    /// </summary>
    internal sealed class PollingBackoff
    {
        private const double JitterShare = 0.2;
        private readonly TimeSpan _initial;
        private readonly TimeSpan _max;
        private readonly Func<double> _nextUnitRandom;

        /// <param name="initial">The first interval and the shortest.</param>
        /// <param name="max">The longest interval.</param>
        /// <param name="nextUnitRandom">A source of numbers in [0, 1), thread-safe; seeded in tests.</param>
        public PollingBackoff(TimeSpan initial, TimeSpan max, Func<double> nextUnitRandom)
        {
            _initial = initial;
            _max = max;
            _nextUnitRandom = nextUnitRandom;
        }

        /// <summary>Returns the interval before re-read number <paramref name="attempt"/> (0 for the first).</summary>
        public TimeSpan DelayBefore(int attempt)
        {
            // Past 2^30 times the initial delay the cap has long been reached; stop doubling before it overflows.
            var factor = Math.Pow(2, Math.Min(attempt, 30));
            var nominal = TimeSpan.FromTicks((long)Math.Min(_initial.Ticks * factor, _max.Ticks));
            return PollingJitter.Spread(nominal, _initial, _max, JitterShare, _nextUnitRandom());
        }
    }
}
