using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Polling;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Polling
{
    /// <summary>
    /// Issue 17's choice of read under the cap, on a fake clock: the read most likely to find its task ended goes first,
    /// none starves past its bound, and the cap holds.
    /// </summary>
    public sealed class ReadChoiceTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
        private readonly ManualClock _clock = new();
        private readonly DateTimeOffset _start;
        private readonly List<(string Name, double At)> _reads = new();

        public ReadChoiceTests() => _start = _clock.GetUtcNow();

        [Fact]
        public void Park_MoreDueThanTheCap_ReadsThePassedEstimatesFirstThenTheUnknownThenThoseAhead()
        {
            var scheduler = new PollScheduler(1, _clock, ReadChoice.MostLikelyEnded(Bound));
            scheduler.Park(Wait("ahead"), At(1), At(300));
            scheduler.Park(Wait("unknown"), At(1));
            scheduler.Park(Wait("just passed"), At(1), At(0.5));
            scheduler.Park(Wait("long passed"), At(1), At(-10));
            scheduler.Park(Wait("ahead soon"), At(1), At(30));

            Run(TimeSpan.FromSeconds(10));

            Assert.Equal(new[] { "long passed", "just passed", "unknown", "ahead soon", "ahead" }, _reads.Select(r => r.Name));
            Assert.Equal(new[] { 1d, 2, 3, 4, 5 }, _reads.Select(r => r.At));
        }

        [Fact]
        public void Park_ACallersLimiterIsTheBottleneck_TheChoiceOfReadStaysTheSchedulers()
        {
            // The same waits as above, with the scheduler's own cap far above a caller's limiter of one permit a second
            // (a fleet's share): the limiter sets when reads go, the scheduler still picks which.
            using var limiter = new OnePermitASecond(_clock, _start);
            var scheduler = new PollScheduler(100, _clock, ReadChoice.MostLikelyEnded(Bound), limiter);
            scheduler.Park(Wait("ahead"), At(1), At(300));
            scheduler.Park(Wait("unknown"), At(1));
            scheduler.Park(Wait("just passed"), At(1), At(0.5));
            scheduler.Park(Wait("long passed"), At(1), At(-10));
            scheduler.Park(Wait("ahead soon"), At(1), At(30));

            Run(TimeSpan.FromSeconds(10));

            Assert.Equal(new[] { "long passed", "just passed", "unknown", "ahead soon", "ahead" }, _reads.Select(r => r.Name));
            Assert.Equal(new[] { 1d, 2, 3, 4, 5 }, _reads.Select(r => r.At));
        }

        [Fact]
        public void Park_ReadAheadOfItsEstimateWaiting_GoesFirstOnceTheEstimatePasses()
        {
            // "soon" is estimated to end at 3.5 s; from then on it is likelier than the read with no estimate due before it.
            var scheduler = new PollScheduler(1, _clock, ReadChoice.MostLikelyEnded(Bound));
            foreach (var name in new[] { "u1", "u2", "u3", "u4", "u5" })
            {
                scheduler.Park(Wait(name), At(1));
            }

            scheduler.Park(Wait("soon"), At(1), At(3.5));
            Run(TimeSpan.FromSeconds(10));

            Assert.Equal(new[] { "u1", "u2", "u3", "soon", "u4", "u5" }, _reads.Select(r => r.Name));
        }

        [Fact]
        public void Park_EstimatesKeepPassingAtTheCap_TheReadWithNoEstimateStillGetsItsTurn()
        {
            // Five waits whose estimated end has passed, each due again at once after every read (tasks stalled past their
            // estimate), fill the cap of 1/s; the read with no estimate waits past its lead, then takes one read in four.
            var scheduler = new PollScheduler(1, _clock, ReadChoice.MostLikelyEnded(Bound));
            for (var i = 0; i < 5; i++)
            {
                scheduler.Park(Wait("stalled" + i, w => scheduler.Park(w, _clock.GetUtcNow(), _start)), At(1), _start);
            }

            scheduler.Park(Wait("unknown"), At(1));
            Run(TimeSpan.FromSeconds(120));

            var unknown = Assert.Single(_reads, r => r.Name == "unknown");
            var lead = ReadChoice.MostLikelyEnded(Bound).UnknownLead.TotalSeconds;
            Assert.InRange(unknown.At, 1 + lead, 1 + lead + ReadChoice.FairTurn);
        }

        [Fact]
        public void Park_EstimateTooEarly_RanksNoEarlierThanTheBoundBeforeItsDueTime()
        {
            // A task whose estimate passed long ago (it stalled) ranks as if it had passed one bound before its due time:
            // not ahead of one whose estimate passed just then (the earlier arrival goes first at a tie).
            var scheduler = new PollScheduler(1, _clock, ReadChoice.MostLikelyEnded(Bound));
            scheduler.Park(Wait("passed at 24 s"), At(40), At(24));
            scheduler.Park(Wait("stalled"), At(40), At(-1000));
            scheduler.Park(Wait("passed at 30 s"), At(40), At(30));
            Run(TimeSpan.FromSeconds(45));

            Assert.Equal(new[] { "passed at 24 s", "stalled", "passed at 30 s" }, _reads.Select(r => r.Name));
        }

        [Fact]
        public void Park_PriorAloneBesideAMeasuredEstimate_ReadsTheMeasuredOneFirstOnceBothPassed()
        {
            // The prior's typical end (100 s) is the middle of a spread; the measured one (60 s) is what the task itself
            // showed. Held back until both have passed, the measured one goes first, although the prior's read fell due
            // long before (pulled towards its due time, the prior would rank at 16 s and go first).
            var scheduler = new PollScheduler(1, _clock, ReadChoice.MostLikelyEnded(Bound));
            scheduler.HoldReadsUntil(At(110));
            scheduler.Park(Wait("prior alone"), At(1), At(100), fromPriorAlone: true);
            scheduler.Park(Wait("measured"), At(50), At(60));
            Run(TimeSpan.FromSeconds(115));

            Assert.Equal(new[] { "measured", "prior alone" }, _reads.Select(r => r.Name));
        }

        [Fact]
        public void Park_BurstWithEstimatesAtTheCap_NeverExceedsItAndReadsEveryWaitOnce()
        {
            var scheduler = new PollScheduler(40, _clock, ReadChoice.MostLikelyEnded(Bound));
            var random = new Random(17);
            for (var i = 0; i < 400; i++)
            {
                var end = random.Next(3) switch { 0 => (DateTimeOffset?)null, 1 => At(-random.Next(100)), _ => At(random.Next(100)) };
                scheduler.Park(Wait("w" + i), At(random.NextDouble()), end);
            }

            Run(TimeSpan.FromSeconds(15));

            Assert.Equal(400, _reads.Select(r => r.Name).Distinct().Count());
            Assert.Equal(400, _reads.Count);
            Assert.True(MostInAnySecond() <= 40, $"{MostInAnySecond()} reads in one second");
            Assert.Equal(0, scheduler.Parked);
        }

        [Fact]
        public void Park_LongestDueChoice_IgnoresEstimates()
        {
            var scheduler = new PollScheduler(1, _clock, ReadChoice.LongestDue);
            scheduler.Park(Wait("first"), At(1), At(300));
            scheduler.Park(Wait("second"), At(1.5));
            scheduler.Park(Wait("third"), At(2), At(-100));

            Run(TimeSpan.FromSeconds(5));

            Assert.Equal(new[] { "first", "second", "third" }, _reads.Select(r => r.Name));
        }

        [Fact]
        public void RankOf_HoldsTheEstimateWithinTheBoundOfTheDueTime()
        {
            var choice = ReadChoice.MostLikelyEnded(Bound);
            var due = At(100).UtcTicks;

            Assert.Equal(At(95).UtcTicks, choice.RankOf(due, At(95).UtcTicks));
            Assert.Equal(At(85).UtcTicks, choice.RankOf(due, At(0).UtcTicks));
            Assert.Equal(At(115).UtcTicks, choice.RankOf(due, At(1000).UtcTicks));
            Assert.Equal(long.MaxValue - 1, choice.RankOf(long.MaxValue, long.MaxValue - 1));   // no overflow
            Assert.Equal(long.MinValue, choice.RankOf(long.MinValue, long.MinValue));
        }

        [Fact]
        public void RankOf_PriorAlone_RanksByItselfButNoEarlierThanTheBoundBeforeTheDueTime()
        {
            var choice = ReadChoice.MostLikelyEnded(Bound);
            var due = At(100).UtcTicks;

            Assert.Equal(At(1000).UtcTicks, choice.RankOf(due, At(1000).UtcTicks, fromPriorAlone: true));
            Assert.Equal(At(85).UtcTicks, choice.RankOf(due, At(0).UtcTicks, fromPriorAlone: true));
            Assert.Equal(long.MaxValue - 1, choice.RankOf(long.MaxValue, long.MaxValue - 1, fromPriorAlone: true));
        }

        private DateTimeOffset At(double seconds) => _start.AddSeconds(seconds);

        private void Run(TimeSpan total)
        {
            for (var moved = TimeSpan.Zero; moved < total; moved += Step)
            {
                _clock.Advance(Step);
            }
        }

        private RecordingWait Wait(string name, Action<RecordingWait>? onRead = null)
            => new(name, w =>
            {
                _reads.Add((w.Name, Math.Round((_clock.GetUtcNow() - _start).TotalSeconds, 3)));
                onRead?.Invoke(w);
            });

        /// <summary>A caller's limiter on the test's clock: one permit in each whole second, else a refusal until the next.</summary>
        private sealed class OnePermitASecond : RateLimiter
        {
            private readonly ManualClock _clock;
            private readonly DateTimeOffset _start;
            private long _lastSecond = -1;

            public OnePermitASecond(ManualClock clock, DateTimeOffset start)
            {
                _clock = clock;
                _start = start;
            }

            public override TimeSpan? IdleDuration => null;

            public override RateLimiterStatistics? GetStatistics() => null;

            protected override RateLimitLease AttemptAcquireCore(int permitCount) => Take();

            protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(Take());

            private RateLimitLease Take()
            {
                var elapsed = _clock.GetUtcNow() - _start;
                var second = (long)Math.Floor(elapsed.TotalSeconds);
                if (second > _lastSecond)
                {
                    _lastSecond = second;
                    return TestLease.Granted;
                }

                return TestLease.Refused(TimeSpan.FromSeconds(second + 1) - elapsed);
            }
        }

        private int MostInAnySecond()
        {
            var times = _reads.Select(r => r.At).OrderBy(t => t).ToArray();
            var most = 0;
            for (int first = 0, end = 0; first < times.Length; first++)
            {
                while (end < times.Length && times[end] < times[first] + 1 - 1e-9)
                {
                    end++;
                }

                most = Math.Max(most, end - first);
            }

            return most;
        }

        private sealed class RecordingWait : ScheduledWait
        {
            private readonly Action<RecordingWait> _onRead;

            public RecordingWait(string name, Action<RecordingWait> onRead)
                : base(long.MaxValue)
            {
                Name = name;
                _onRead = onRead;
            }

            public string Name { get; }

            public override void OnReadDue() => _onRead(this);

            public override void OnDeadlinePassed()
            {
            }

            public override void OnClosed()
            {
            }
        }
    }
}
