using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KlingO1.Polling;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Polling
{
    /// <summary>The shared timer queue: due order, the rate cap and its fairness, deadlines, removal, one timer for all.</summary>
    public sealed class PollSchedulerTests
    {
        private readonly ManualClock _clock = new();
        private readonly List<(string Name, string What, double At)> _events = new();

        [Fact]
        public void Park_BurstOfWaitsDueNow_ReleasedSpacedUnderTheRateInArrivalOrder()
        {
            var scheduler = new PollScheduler(40, _clock);
            var waits = Enumerable.Range(0, 100).Select(i => Wait("w" + i)).ToArray();

            foreach (var wait in waits)
            {
                scheduler.Park(wait, _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(3));

            var released = Reads();
            Assert.Equal(waits.Select(w => w.Name), released.Select(r => r.Name));           // first come, first served
            Assert.Equal(0, released[0].At);                                                 // the first at once
            Assert.Equal(2.475, released[^1].At, 6);                                         // 99 intervals of 25 ms
            Assert.All(released.Zip(released.Skip(1), (a, b) => b.At - a.At), gap => Assert.Equal(0.025, gap, 6));
            Assert.True(MostInAnySecond(released) <= 40, $"{MostInAnySecond(released)} reads in one second");
        }

        [Fact]
        public void Park_ReadsSlowerThanTheRate_ReleasedExactlyWhenDue()
        {
            var scheduler = new PollScheduler(40, _clock);
            var a = Wait("a");
            var b = Wait("b");
            var c = Wait("c");

            scheduler.Park(c, At(30));
            scheduler.Park(a, At(10));
            scheduler.Park(b, At(20));
            Run(TimeSpan.FromMinutes(1));

            Assert.Equal(new[] { ("a", 10d), ("b", 20d), ("c", 30d) }, Reads().Select(r => (r.Name, r.At)));
        }

        [Fact]
        public void Park_MoreDueThanTheRate_TheWaitDueLongestGoesFirstSoNoneStarves()
        {
            // One read a second; three waits always due again at once (a greedy schedule): they take turns.
            var scheduler = new PollScheduler(1, _clock);
            var names = new[] { "a", "b", "c" };
            foreach (var name in names)
            {
                Wait(name, onRead: w => scheduler.Park(w, _clock.GetUtcNow()));
            }

            foreach (var wait in _waits)
            {
                scheduler.Park(wait, At(1));
            }

            Run(TimeSpan.FromSeconds(9.5));

            var released = Reads();
            Assert.Equal(Enumerable.Repeat(names, 3).SelectMany(n => n), released.Select(r => r.Name));
            Assert.Equal(Enumerable.Range(1, 9).Select(i => (double)i), released.Select(r => r.At));
        }

        [Fact]
        public void Park_LateArrivalDueEarlier_IsServedBeforeEarlierArrivalsDueLater()
        {
            var scheduler = new PollScheduler(40, _clock);
            scheduler.Park(Wait("late"), At(15));
            scheduler.Park(Wait("soon"), At(5));

            Run(TimeSpan.FromSeconds(20));

            Assert.Equal(new[] { ("soon", 5d), ("late", 15d) }, Reads().Select(r => (r.Name, r.At)));
        }

        [Fact]
        public void Park_ThousandWaits_ShareOneTimer()
        {
            var scheduler = new PollScheduler(40, _clock);
            var random = new Random(3);
            var readsOf = new Dictionary<string, int>();
            for (var i = 0; i < 1000; i++)
            {
                // Each wait reads three times, 5 to 15 s apart.
                Wait("w" + i, onRead: w =>
                {
                    readsOf[w.Name] = readsOf.GetValueOrDefault(w.Name) + 1;
                    if (readsOf[w.Name] < 3)
                    {
                        scheduler.Park(w, _clock.GetUtcNow().AddSeconds(5 + (10 * random.NextDouble())));
                    }
                });
            }

            foreach (var wait in _waits)
            {
                scheduler.Park(wait, At(random.Next(0, 15)));
                Assert.True(_clock.LiveTimers <= 1, $"{_clock.LiveTimers} timers");
            }

            for (var step = 0; step < 4000; step++)
            {
                Run(TimeSpan.FromMilliseconds(50));
                Assert.True(_clock.LiveTimers <= 1, $"{_clock.LiveTimers} timers");
            }

            Assert.Equal(3000, Reads().Length);
            Assert.All(readsOf.Values, n => Assert.Equal(3, n));
            Assert.Equal(0, scheduler.Parked);
            Assert.Equal(0, _clock.LiveTimers);
            Assert.True(MostInAnySecond(Reads()) <= 40);
        }

        [Fact]
        public void Stop_ParkedWait_LeavesTheQueueAtOnceAndIsNeverCalled()
        {
            var scheduler = new PollScheduler(40, _clock);
            var a = Wait("a");
            var b = Wait("b");
            var c = Wait("c");
            scheduler.Park(a, At(5));
            scheduler.Park(b, At(10));
            scheduler.Park(c, At(15));

            scheduler.Stop(b);
            Assert.Equal(2, scheduler.Parked);
            scheduler.Stop(a);
            scheduler.Stop(c);

            Assert.Equal(0, scheduler.Parked);
            Assert.Equal(0, _clock.LiveTimers);   // nothing left to wake up for
            Run(TimeSpan.FromMinutes(20));
            Assert.Empty(_events);
        }

        [Fact]
        public void Park_StoppedWait_IsNotParkedAgain()
        {
            var scheduler = new PollScheduler(40, _clock);
            var wait = Wait("a");
            scheduler.Stop(wait);

            scheduler.Park(wait, _clock.GetUtcNow());

            Assert.Equal(0, scheduler.Parked);
            Assert.Empty(_events);
        }

        [Fact]
        public void Deadline_PassesWhileReadsAreBackedUpBehindTheRate_EndsTheWaitOnTime()
        {
            // One read a second, ten waits due at once, all giving up 3.5 s from now: four get a read, six time out at 3.5 s.
            var scheduler = new PollScheduler(1, _clock);
            var deadline = At(3.5).UtcTicks;
            for (var i = 0; i < 10; i++)
            {
                scheduler.Park(Wait("w" + i, deadlineTicks: deadline), _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(10));

            Assert.Equal(new[] { 0d, 1, 2, 3 }, Reads().Select(r => r.At));
            var expired = _events.Where(e => e.What == "deadline").ToArray();
            Assert.Equal(6, expired.Length);
            Assert.All(expired, e => Assert.Equal(3.5, e.At));
            Assert.Equal(0, scheduler.Parked);
        }

        [Fact]
        public void Deadline_BeforeTheNextRead_EndsTheWaitWithoutAnotherRead()
        {
            var scheduler = new PollScheduler(40, _clock);
            var wait = Wait("a", deadlineTicks: At(8).UtcTicks);

            scheduler.Park(wait, At(10));
            Run(TimeSpan.FromSeconds(20));

            Assert.Equal(new[] { ("a", "deadline", 8d) }, _events);
        }

        [Fact]
        public void HoldReadsUntil_WaitsDue_NoneReleasedBeforeTheHoldThenAtTheRate()
        {
            // The service said its window is spent until t = 10: a hundred waits due now all wait for it, then go at 40/s.
            var scheduler = new PollScheduler(40, _clock);
            for (var i = 0; i < 100; i++)
            {
                Wait("w" + i);
            }

            scheduler.HoldReadsUntil(At(10));
            foreach (var wait in _waits)
            {
                scheduler.Park(wait, _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(15));

            var released = Reads();
            Assert.Equal(100, released.Length);
            Assert.Equal(10, released[0].At, 6);
            Assert.Equal(10 + (99 * 0.025), released[^1].At, 6);
            Assert.True(_clock.LiveTimers <= 1, $"{_clock.LiveTimers} timers");
        }

        [Fact]
        public void HoldReadsUntil_ArrivingWhileReadsAreReleased_StopsTheRestUntilItEnds()
        {
            var scheduler = new PollScheduler(40, _clock);
            for (var i = 0; i < 10; i++)
            {
                // The third read's answer says the window is spent for 5 s.
                Wait("w" + i, onRead: w =>
                {
                    if (w.Name == "w2")
                    {
                        scheduler.HoldReadsUntil(_clock.GetUtcNow().AddSeconds(5));
                    }
                });
            }

            foreach (var wait in _waits)
            {
                scheduler.Park(wait, _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(6));

            Assert.Equal(new[] { 0, 0.025, 0.05, 5.05, 5.075 }, Reads().Take(5).Select(r => Math.Round(r.At, 6)));
            Assert.Equal(10, Reads().Length);
        }

        [Fact]
        public void HoldReadsUntil_EarlierThanAHoldInPlace_ChangesNothing()
        {
            var scheduler = new PollScheduler(40, _clock);
            var wait = Wait("a");

            scheduler.HoldReadsUntil(At(10));
            scheduler.HoldReadsUntil(At(3));
            scheduler.Park(wait, _clock.GetUtcNow());
            Run(TimeSpan.FromSeconds(12));

            Assert.Equal(new[] { ("a", 10d) }, Reads());
        }

        [Fact]
        public void FollowReportedRate_BelowTheCap_SpacesReadsForTheReportedRate()
        {
            var scheduler = new PollScheduler(40, _clock);
            for (var i = 0; i < 30; i++)
            {
                scheduler.Park(Wait("w" + i), _clock.GetUtcNow());
            }

            // Reported after the first read went out (as its answer would be): the next one already keeps the slower pace.
            scheduler.FollowReportedRate(10);
            Run(TimeSpan.FromSeconds(4));

            var released = Reads();
            Assert.All(released.Zip(released.Skip(1), (a, b) => b.At - a.At), gap => Assert.Equal(0.1, gap, 6));
            Assert.True(MostInAnySecond(released) <= 10, $"{MostInAnySecond(released)} reads in one second");
            Assert.Equal(30, released.Length);
        }

        [Theory]
        [InlineData(50)]
        [InlineData(10_000)]
        [InlineData(0)]
        [InlineData(-5)]
        [InlineData(double.NaN)]
        public void FollowReportedRate_AboveTheCapOrUnusable_KeepsTheCap(double reported)
        {
            var scheduler = new PollScheduler(40, _clock);
            scheduler.FollowReportedRate(reported);
            for (var i = 0; i < 100; i++)
            {
                scheduler.Park(Wait("w" + i), _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(3));

            var released = Reads();
            Assert.Equal(100, released.Length);
            Assert.All(released.Zip(released.Skip(1), (a, b) => b.At - a.At), gap => Assert.Equal(0.025, gap, 6));
        }

        [Fact]
        public void FollowReportedRate_RaisedLater_RestoresThePaceUpToTheCap()
        {
            var scheduler = new PollScheduler(40, _clock);
            scheduler.FollowReportedRate(2);
            for (var i = 0; i < 10; i++)
            {
                Wait("w" + i, onRead: w =>
                {
                    if (w.Name == "w2")
                    {
                        scheduler.FollowReportedRate(1_000);
                    }
                });
            }

            foreach (var wait in _waits)
            {
                scheduler.Park(wait, _clock.GetUtcNow());
            }

            Run(TimeSpan.FromSeconds(3));

            Assert.Equal(new[] { 0, 0.5, 1, 1.5, 1.525 }, Reads().Take(5).Select(r => Math.Round(r.At, 6)));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(double.NaN)]
        public void Options_UnusableReadRate_Refused(double rate)
        {
            var options = new KlingVideoClientOptions { ApiKey = "k", Polling = new KlingPollingOptions { MaxStatusReadsPerSecond = rate } };
            Assert.Contains(options.Problems(), p => p.StartsWith("Polling.MaxStatusReadsPerSecond", StringComparison.Ordinal));
        }

        private readonly List<RecordingWait> _waits = new();

        /// <summary>
        /// Moves virtual time forward in 5 ms steps: the fake clock fires a timer once per advance, at the advance's end,
        /// so a scheduler that re-arms from its callback needs time to move on in steps, as real time does.
        /// </summary>
        private void Run(TimeSpan total)
        {
            for (var moved = TimeSpan.Zero; moved < total; moved += Step)
            {
                _clock.Advance(Step);
            }
        }

        private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);

        private DateTimeOffset At(double seconds) => _clock.Start.AddSeconds(seconds);

        private RecordingWait Wait(string name, Action<RecordingWait>? onRead = null, long deadlineTicks = long.MaxValue)
        {
            var wait = new RecordingWait(name, deadlineTicks, (what, w) =>
            {
                _events.Add((w.Name, what, (_clock.GetUtcNow() - _clock.Start).TotalSeconds));
                if (what == "read")
                {
                    onRead?.Invoke(w);
                }
            });
            _waits.Add(wait);
            return wait;
        }

        private (string Name, double At)[] Reads() => _events.Where(e => e.What == "read").Select(e => (e.Name, e.At)).ToArray();

        /// <summary>The most reads in any window [t, t + 1 s).</summary>
        private static int MostInAnySecond(IReadOnlyList<(string Name, double At)> reads)
        {
            var times = reads.Select(r => r.At).OrderBy(t => t).ToArray();
            var most = 0;
            for (int start = 0, end = 0; start < times.Length; start++)
            {
                while (end < times.Length && times[end] < times[start] + 1 - 1e-9)
                {
                    end++;
                }

                most = Math.Max(most, end - start);
            }

            return most;
        }

        private sealed class RecordingWait : ScheduledWait
        {
            private readonly Action<string, RecordingWait> _record;

            public RecordingWait(string name, long deadlineTicks, Action<string, RecordingWait> record)
                : base(deadlineTicks)
            {
                Name = name;
                _record = record;
            }

            public string Name { get; }

            public override void OnReadDue() => _record("read", this);

            public override void OnDeadlinePassed() => _record("deadline", this);

            public override void OnClosed() => _record("closed", this);
        }
    }
}
