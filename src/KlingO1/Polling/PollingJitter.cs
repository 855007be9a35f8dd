using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The jitter of every polling interval: stretched by up to a share of itself, and folded back below the longest
    /// interval where the stretch would pass it, so an interval at the cap spreads too. A draw of 0 keeps the interval as
    /// it is; every result stays within [shortest, longest], never negative, never past the cap.
    /// </summary>
    internal static class PollingJitter
    {
        /// <param name="delay">The interval before jitter.</param>
        /// <param name="min">The shortest interval.</param>
        /// <param name="max">The longest interval.</param>
        /// <param name="share">The largest stretch, as a share of <paramref name="delay"/>.</param>
        /// <param name="unit">A draw in [0, 1); a draw outside is taken to the nearest end.</param>
        public static TimeSpan Spread(TimeSpan delay, TimeSpan min, TimeSpan max, double share, double unit)
        {
            var draw = unit > 0 ? Math.Min(unit, 1) : 0;   // NaN too
            var ticks = delay.Ticks * (1 + (share * draw));
            if (ticks > max.Ticks)
            {
                ticks = (2.0 * max.Ticks) - ticks;
            }

            return TimeSpan.FromTicks((long)Math.Max(min.Ticks, Math.Min(ticks, max.Ticks)));
        }
    }
}
