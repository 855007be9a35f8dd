using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// The progress-aware schedule of one wait: from the progress rate seen since the task started running, it
    /// estimates when the video will be ready; it reads sparsely while that is far, aims to arrive one
    /// shortest interval before the estimate, then reads at the shortest interval until the end, or, past the estimate
    /// with the report standing still, less and less often. Every interval carries up to 10% of jitter, and stays within
    /// bounds always: never sooner than the shortest interval (the service asks for at least 5 s), never later than the
    /// longest, except while the estimated end is far (then up to <see cref="FarIntervals"/> longest intervals).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The rate is measured up to the last read that saw the progress move, and the estimate runs on from there: while
    /// the reported progress stalls the estimated end stays where it was, rather than receding with every read that sees
    /// no change (a stalled report does not mean stalled work; it is how the end was most often seen late).
    /// </para>
    /// <para>
    /// Past the estimated end, a report that stands still is read at the shortest interval
    /// <see cref="StalledReadsBeforeBackoff"/> times (most late ends come within them), then at doubling intervals up to
    /// the longest; the first move of the progress, or a change of status, brings the schedule back to the estimate.
    /// A task stuck at 99% is then read every 15 s, not every 5.
    /// </para>
    /// <para>
    /// The jitter (<see cref="PollingJitter"/>) stretches each interval by up to <see cref="JitterShare"/> from the
    /// injected random source, folded back below the longest interval, so waits started together do not read in
    /// lockstep, at the shortest interval, the longest, or anywhere between.
    /// </para>
    /// <para>
    /// With a <see cref="GenerationTimePrior"/> (a wait started by GenerateAsync knows the request's mode and length) it
    /// also estimates where no rate can be measured yet. Queued or at progress 0, it aims one shortest interval before
    /// the earliest the video can plausibly be ready (past that, it reads halfway between the bounds, as without a
    /// prior). From the first progress on, the prior's rate counts as <see cref="PriorWeightSeconds"/> of observation
    /// next to the measured one, so it decides the first reads and fades as observations accumulate.
    /// </para>
    /// <para>
    /// While the estimated end is far (issue 17), an interval is 40% of the estimated time left (<see cref="FarShare"/>),
    /// up to <see cref="FarIntervals"/> longest intervals while queued with a prior, or once the task's own progress
    /// gives the rate; with no prior, the progress since the task's creation gives a first rate, fading as the measured
    /// one accumulates; with a prior, the progress since creation counts beside it as the observation it spans, so a task
    /// far from typical is recognised at its first progress read. The estimate is also handed to the scheduler
    /// (<see cref="PollingDelay.EstimatedEnd"/>, and whether it is the prior's alone), which under the read cap reads the
    /// likeliest-ended tasks first. The README's Performance section has the replay's figures.
    /// </para>
    /// </remarks>
    internal sealed class ProgressAwareSchedule : PollingDelay
    {
        /// <summary>How many seconds of observation the prior's rate counts as (10–60 s replay alike).</summary>
        internal const double PriorWeightSeconds = 30;

        /// <summary>How many reads past the estimated end may see the progress stand still before the interval grows.</summary>
        internal const int StalledReadsBeforeBackoff = 3;

        /// <summary>The largest stretch of jitter on every interval, as a share of it.</summary>
        internal const double JitterShare = 0.1;

        /// <summary>How many longest intervals one interval may take while the estimated end is far (issue 17): 60 s at the default 15 s.</summary>
        internal const int FarIntervals = 4;

        /// <summary>The share of the estimated time left that one interval may take while the end is far (the rest is re-estimated).</summary>
        internal const double FarShare = 0.4;

        private readonly GenerationTimePrior? _prior;
        private readonly TimeSpan _far;
        private readonly double _farShare;
        private readonly bool _rateFromCreation;
        private DateTimeOffset? _submittedAt;
        private DateTimeOffset? _firstProgressAt;
        private int _firstProgress;
        private DateTimeOffset _lastChangeAt;
        private int _lastProgress;
        private int _stalledReadsPastEnd;

        /// <param name="min">The shortest interval.</param>
        /// <param name="max">The longest interval.</param>
        /// <param name="nextUnitRandom">A source of numbers in [0, 1), thread-safe; seeded in tests.</param>
        /// <param name="prior">
        /// What the request's mode and length say about its running time, or null when the wait does not know the request.
        /// With a prior, the first <see cref="DelayAfter"/> must be made at the submit (with the submit's answer).
        /// </param>
        /// <param name="estimateLed">
        /// True for issue 17's schedule: while the estimated end is far, reads up to <see cref="FarIntervals"/> longest intervals apart, and a
        /// first rate from the task's creation time; false for the schedule before it (the benchmarks measure both).
        /// </param>
        public ProgressAwareSchedule(TimeSpan min, TimeSpan max, Func<double> nextUnitRandom, GenerationTimePrior? prior = null, bool estimateLed = false)
            : base(min, max, nextUnitRandom)
        {
            _prior = prior;
            _far = !estimateLed ? max : TimeSpan.FromTicks(max.Ticks > TimeSpan.MaxValue.Ticks / FarIntervals ? TimeSpan.MaxValue.Ticks : max.Ticks * FarIntervals);
            _farShare = !estimateLed ? 1 : FarShare;
            _rateFromCreation = estimateLed;
        }

        /// <inheritdoc />
        public override TimeSpan DelayAfter(VideoTask? lastSeen, DateTimeOffset now)
        {
            _submittedAt ??= now;
            EstimatedEnd = null;
            EstimateFromPriorAlone = false;
            if (lastSeen is null || lastSeen.Status != VideoTaskStatus.InProgress || lastSeen.Progress <= 0)
            {
                // Queued, or no progress yet: no rate to estimate from. A stall ends with the status it was seen in.
                _stalledReadsPastEnd = 0;
                var untilEarliestEnd = _prior is null ? TimeSpan.Zero : _submittedAt.Value + _prior.Shortest - now;
                if (_prior is not null)
                {
                    EstimatedEnd = _submittedAt.Value + _prior.Typical;
                    EstimateFromPriorAlone = true;
                }

                return untilEarliestEnd - Min > Min
                    ? Jittered(Shorter(untilEarliestEnd - Min, _far), JitterShare, _far)
                    : Jittered(TimeSpan.FromTicks((Min.Ticks + Max.Ticks) / 2));
            }

            if (_firstProgressAt is null)
            {
                _firstProgressAt = now;
                _firstProgress = lastSeen.Progress;
                _lastChangeAt = now;
                _lastProgress = lastSeen.Progress;
                if (_prior is null && CreationRate(lastSeen, now) is null)
                {
                    // Read soon to learn the rate.
                    return Jittered(Min);
                }
            }

            var moved = lastSeen.Progress != _lastProgress;
            if (moved)
            {
                _lastChangeAt = now;
                _lastProgress = lastSeen.Progress;
            }

            var seconds = (_lastChangeAt - _firstProgressAt.Value).TotalSeconds;
            var progressed = _lastProgress - _firstProgress;
            var rate = _prior is null
                ? (seconds > 0 ? progressed / seconds : 0)
                : ((_prior.ProgressPerSecond * PriorWeightSeconds) + progressed) / (PriorWeightSeconds + seconds);
            // Reads wait longer than the longest interval only on the task's own evidence (a measured rate, or the progress
            // since its creation), never on the prior's rate alone: a prior far off (a faster service) would be read late.
            var far = seconds > 0 ? _far : Max;
            if (CreationRate(lastSeen, _lastChangeAt) is { } fromCreation)
            {
                // The progress since the task's creation is a first rate of its own (a little slow: the queue counts in it).
                // Beside the prior it counts as the observation it spans, so one read already outweighs the prior's guess
                // for a task far from typical; without a prior it counts up to PriorWeightSeconds, and is then the evidence
                // that lets reads wait longer. Either fades as the measured rate accumulates.
                far = _prior is null ? _far : far;
                var age = (_lastChangeAt - lastSeen.CreatedAt).TotalSeconds;
                var (priorProgress, priorWeight, creationWeight) = _prior is null
                    ? (0.0, 0.0, Math.Min(PriorWeightSeconds, age))
                    : (_prior.ProgressPerSecond * PriorWeightSeconds, PriorWeightSeconds, age);
                rate = (priorProgress + (fromCreation * creationWeight) + progressed) / (priorWeight + creationWeight + seconds);
            }

            if (rate <= 0)
            {
                // No move seen since the first progress, and no prior: nothing to estimate from; wait long, not often.
                return Jittered(Max);
            }

            // From the last move on, as if the work went on at the same rate while the report stood still.
            var remaining = TimeSpan.FromSeconds((100 - _lastProgress) / rate) - (now - _lastChangeAt);
            EstimatedEnd = now + remaining;
            if (moved || remaining > TimeSpan.Zero)
            {
                _stalledReadsPastEnd = 0;

                // Far from the end, a share of the time left (re-estimated at the next read), up to the far interval;
                // near it, one shortest interval before the estimate, then the shortest.
                var untilOneIntervalBefore = Shorter(remaining - Min, TimeSpan.FromTicks((long)(remaining.Ticks * _farShare)));
                return untilOneIntervalBefore <= Min
                    ? Jittered(Min)
                    : untilOneIntervalBefore <= Max ? Jittered(untilOneIntervalBefore) : Jittered(Shorter(untilOneIntervalBefore, far), JitterShare, far);
            }

            // Past the estimated end and the report stands still: the shortest interval for a few reads (most such ends
            // are near), then doubling up to the longest, until the progress moves or the status changes.
            _stalledReadsPastEnd++;
            return Jittered(Doubled(Math.Max(0, _stalledReadsPastEnd - StalledReadsBeforeBackoff)));
        }

        private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => a < b ? a : b;

        /// <summary>The progress rate since the task's creation as of <paramref name="at"/>, or null when not in use or not measurable.</summary>
        private double? CreationRate(VideoTask lastSeen, DateTimeOffset at)
        {
            var seconds = (at - lastSeen.CreatedAt).TotalSeconds;
            return _rateFromCreation && seconds >= 1 && seconds < 86_400 ? _lastProgress / seconds : null;
        }

        // Spread waits started together: every interval, the shortest and the longest too, within the bounds.
        private TimeSpan Jittered(TimeSpan delay) => Jittered(delay, JitterShare);
    }
}
