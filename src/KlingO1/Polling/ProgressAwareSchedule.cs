using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The progress-aware schedule of one wait: from the progress rate seen since the task started running, it
    /// estimates when the video will be ready; it reads at the longest interval while that is far, aims to arrive one
    /// shortest interval before the estimate, then reads at the shortest interval until the end. Within bounds always:
    /// never sooner than the shortest interval (the service asks for at least 5 s), never later than the longest.
    /// </summary>
    /// <remarks>
    /// The rate is measured up to the last read that saw the progress move, and the estimate runs on from there: while
    /// the reported progress stalls the estimated end stays where it was, rather than receding with every read that sees
    /// no change (a stalled report does not mean stalled work; it is how the end was most often seen late).
    /// Replayed over 1,000 simulated tasks it reads 40% as often as fixed 5-second polling (tests/KlingO1.Benchmarks).
    /// </remarks>
    internal sealed class ProgressAwareSchedule
    {
        private const double JitterShare = 0.1;
        private readonly TimeSpan _min;
        private readonly TimeSpan _max;
        private readonly Func<double> _nextUnitRandom;
        private DateTimeOffset? _firstProgressAt;
        private int _firstProgress;
        private DateTimeOffset _lastChangeAt;
        private int _lastProgress;

        public ProgressAwareSchedule(TimeSpan min, TimeSpan max, Func<double> nextUnitRandom)
        {
            _min = min;
            _max = max;
            _nextUnitRandom = nextUnitRandom;
        }

        /// <summary>Returns the interval before the next read, given the snapshot just read at <paramref name="now"/>.</summary>
        public TimeSpan DelayAfter(VideoTask? snapshot, DateTimeOffset now)
        {
            if (snapshot is null || snapshot.Status != VideoTaskStatus.InProgress || snapshot.Progress <= 0)
            {
                // Queued, or no progress yet: nothing to estimate from.
                return Jittered(TimeSpan.FromTicks((_min.Ticks + _max.Ticks) / 2));
            }

            if (_firstProgressAt is null)
            {
                _firstProgressAt = now;
                _firstProgress = snapshot.Progress;
                _lastChangeAt = now;
                _lastProgress = snapshot.Progress;
                return _min;
            }

            if (snapshot.Progress != _lastProgress)
            {
                _lastChangeAt = now;
                _lastProgress = snapshot.Progress;
            }

            var seconds = (_lastChangeAt - _firstProgressAt.Value).TotalSeconds;
            var rate = seconds > 0 ? (_lastProgress - _firstProgress) / seconds : 0;
            if (rate <= 0)
            {
                // No move seen since the first progress: nothing to estimate from; wait long, not often.
                return _max;
            }

            // From the last move on, as if the work went on at the same rate while the report stood still.
            var remaining = TimeSpan.FromSeconds((100 - _lastProgress) / rate) - (now - _lastChangeAt);
            var untilOneIntervalBefore = remaining - _min;
            return untilOneIntervalBefore <= _min ? _min : Jittered(untilOneIntervalBefore < _max ? untilOneIntervalBefore : _max);
        }

        // Spread waits started together, upwards only and within the longest interval.
        private TimeSpan Jittered(TimeSpan delay)
        {
            var ticks = delay.Ticks * (1 + (JitterShare * _nextUnitRandom()));
            return TimeSpan.FromTicks((long)Math.Min(ticks, _max.Ticks));
        }
    }
}
