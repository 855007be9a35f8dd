using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The pace of one client's status reads, whichever task they are for: spaced for the lower of the configured cap and
    /// the rate the service reports, and none while the service holds them (a spent window, until its reset). What the
    /// service says only ever slows reads, never past the cap. The per-task answer is <see cref="PollingDelay"/>'s; a read
    /// is released once both allow it.
    /// </summary>
    /// <remarks>Not thread-safe: its <see cref="PollScheduler"/> holds its lock around every call.</remarks>
    internal sealed class ReadPace
    {
        private readonly long _capIntervalTicks;
        private long _intervalTicks;
        private long _lastReadTicks = long.MinValue;

        /// <param name="readsPerSecond">The configured cap.</param>
        public ReadPace(double readsPerSecond)
        {
            _capIntervalTicks = IntervalOf(readsPerSecond);
            _intervalTicks = _capIntervalTicks;
        }

        /// <summary>
        /// Gets the earliest moment the next read may be released, in UTC ticks: one interval after the last, or later
        /// while the service holds reads.
        /// </summary>
        public long NextSlotTicks { get; private set; } = long.MinValue;

        /// <summary>Counts a read released at <paramref name="nowTicks"/>: the next waits one interval.</summary>
        public void Released(long nowTicks)
        {
            _lastReadTicks = nowTicks;
            NextSlotTicks = nowTicks + _intervalTicks;
        }

        /// <summary>
        /// Holds every read until <paramref name="untilTicks"/>. A hold only ever lengthens; an earlier moment than one
        /// already held changes nothing.
        /// </summary>
        /// <returns>True when the next slot moved.</returns>
        public bool HoldUntil(long untilTicks)
        {
            if (untilTicks <= NextSlotTicks)
            {
                return false;
            }

            NextSlotTicks = untilTicks;
            return true;
        }

        /// <summary>
        /// Follows the rate the service reports: reads are spaced for the lower of it and the cap. The latest report
        /// counts; a higher one later restores the pace (up to the cap). A rate that is not positive changes nothing.
        /// </summary>
        /// <returns>True when the next slot moved.</returns>
        public bool Follow(double readsPerSecond)
        {
            if (!(readsPerSecond > 0))
            {
                return false;
            }

            var interval = Math.Max(_capIntervalTicks, IntervalOf(readsPerSecond));
            if (interval == _intervalTicks)
            {
                return false;
            }

            _intervalTicks = interval;
            if (_lastReadTicks == long.MinValue || _lastReadTicks + interval <= NextSlotTicks)
            {
                return false;
            }

            // A slower pace applies from the read just released, not only after the next one.
            NextSlotTicks = _lastReadTicks + interval;
            return true;
        }

        private static long IntervalOf(double readsPerSecond)
            => (long)Math.Min(TimeSpan.TicksPerDay, Math.Max(1, TimeSpan.TicksPerSecond / readsPerSecond));
    }
}
