using System;
using System.Linq;
using System.Threading.Tasks;
using KlingO1.Engine;
using KlingO1.Polling;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Polling
{
    public sealed class ProgressAwareScheduleTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_aware_1";
        private static readonly TimeSpan Min = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan Max = TimeSpan.FromSeconds(15);
        private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);
        private readonly KlingServerFixture _server;

        public ProgressAwareScheduleTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public void DelayAfter_QueuedOrNoProgress_WaitsHalfwayBetweenTheBounds()
        {
            var schedule = new ProgressAwareSchedule(Min, Max, () => 0.0);

            Assert.Equal(TimeSpan.FromSeconds(10), schedule.DelayAfter(Snapshot("queued", 0), Start));
            Assert.Equal(TimeSpan.FromSeconds(10), schedule.DelayAfter(Snapshot("in_progress", 0), Start));
            Assert.Equal(TimeSpan.FromSeconds(10), schedule.DelayAfter(null, Start));
        }

        [Fact]
        public void DelayAfter_FirstProgress_ReadsSoonToLearnTheRate()
            => Assert.Equal(Min, new ProgressAwareSchedule(Min, Max, () => 0.0).DelayAfter(Snapshot("in_progress", 10), Start));

        [Theory]
        [InlineData(20, 15)]     // 2 %/s: 40 s left, far off: the longest interval
        [InlineData(30, 12.5)]   // 4 %/s: 17.5 s left: arrive one shortest interval (5 s) before the estimate
        [InlineData(80, 5)]      // 14 %/s: under 2 s left: the shortest interval
        public void DelayAfter_KnownRate_AimsOneShortestIntervalBeforeTheEstimate(int progressAfterFiveSeconds, double expectedSeconds)
        {
            var schedule = new ProgressAwareSchedule(Min, Max, () => 0.0);
            schedule.DelayAfter(Snapshot("in_progress", 10), Start);

            var delay = schedule.DelayAfter(Snapshot("in_progress", progressAfterFiveSeconds), Start.AddSeconds(5));

            Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
        }

        [Fact]
        public void DelayAfter_Stalled_WaitsTheLongestInterval()
        {
            var schedule = new ProgressAwareSchedule(Min, Max, () => 0.0);
            schedule.DelayAfter(Snapshot("in_progress", 40), Start);

            Assert.Equal(Max, schedule.DelayAfter(Snapshot("in_progress", 40), Start.AddSeconds(15)));
        }

        [Theory]
        [InlineData(5, 7.5)]    // 4 %/s from 10 % to 30 %: the end is 17.5 s after the move, 12.5 s from now: arrive 5 s before
        [InlineData(25, 5)]     // past the estimated end and the report still stands: the shortest interval
        public void DelayAfter_ReportStallsAfterARate_KeepsTheEstimatedEnd(double stalledSecondsLater, double expectedSeconds)
        {
            var schedule = new ProgressAwareSchedule(Min, Max, () => 0.0);
            schedule.DelayAfter(Snapshot("in_progress", 10), Start);
            schedule.DelayAfter(Snapshot("in_progress", 30), Start.AddSeconds(5));

            var delay = schedule.DelayAfter(Snapshot("in_progress", 30), Start.AddSeconds(5 + stalledSecondsLater));

            Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
        }

        [Theory]
        [InlineData(0, 15)]    // at the submit: the earliest end (59.75 s) is far: the longest interval
        [InlineData(45, 9.75)] // 14.75 s before the earliest end: arrive one shortest interval before it
        [InlineData(50, 10)]   // past that: halfway between the bounds, as without a prior
        public void DelayAfter_WithPriorQueued_AimsBeforeTheEarliestEnd(double secondsAfterSubmit, double expectedSeconds)
        {
            var schedule = WithPrior(VideoMode.Standard, 5);
            schedule.DelayAfter(Snapshot("queued", 0), Start);

            var delay = schedule.DelayAfter(Snapshot("queued", 0), Start.AddSeconds(secondsAfterSubmit));

            Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
        }

        [Theory]
        [InlineData(10, 15)]      // std 5 s runs at about 0.93 %/s: 97 s left, far off
        [InlineData(90, 5.755)]   // 10.8 s left: arrive one shortest interval before
        public void DelayAfter_WithPriorFirstProgress_EstimatesFromThePriorRate(int progress, double expectedSeconds)
        {
            var schedule = WithPrior(VideoMode.Standard, 5);
            schedule.DelayAfter(Snapshot("queued", 0), Start);

            var delay = schedule.DelayAfter(Snapshot("in_progress", progress), Start.AddSeconds(15));

            Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
        }

        [Fact]
        public void DelayAfter_WithPriorAndObservations_BlendsBothRates()
        {
            // std 3 s: 1.15 %/s by the prior (30 s of weight), 1 %/s seen over 60 s: 1.05 %/s, 19.1 s left for 20 %.
            var withPrior = WithPrior(VideoMode.Standard, 3);
            var rateOnly = new ProgressAwareSchedule(Min, Max, () => 0.0);
            foreach (var schedule in new[] { withPrior, rateOnly })
            {
                schedule.DelayAfter(Snapshot("queued", 0), Start);
                schedule.DelayAfter(Snapshot("in_progress", 20), Start.AddSeconds(10));
            }

            Assert.Equal(14.068, withPrior.DelayAfter(Snapshot("in_progress", 80), Start.AddSeconds(70)).TotalSeconds, 3);
            Assert.Equal(Max, rateOnly.DelayAfter(Snapshot("in_progress", 80), Start.AddSeconds(70)));   // 20 s left: 15 s
        }

        [Fact]
        public void DelayAfter_WithPriorFirstProgressFarFromTypical_CountsTheProgressSinceCreationBesideThePrior()
        {
            // Issue 17: std 5 s runs at 0.93 %/s by the prior; the task shows 60 % 30 s after its creation (2 %/s). Beside
            // the prior's 30 s of weight the creation rate counts as the 30 s it spans: 1.465 %/s, 27.3 s left for 40 %,
            // not the prior's 43 s. Queued, the estimate is the prior's alone (the scheduler ranks it as a spread).
            var schedule = new ProgressAwareSchedule(Min, Max, () => 0.0, GenerationTimes.PriorFor(VideoMode.Standard, VideoDuration.FromSeconds(5)), estimateLed: true);
            schedule.DelayAfter(Snapshot("queued", 0), Start);
            Assert.True(schedule.EstimateFromPriorAlone);
            Assert.Equal(119.5, (schedule.EstimatedEnd!.Value - Start).TotalSeconds, 3);

            schedule.DelayAfter(Snapshot("in_progress", 60), Start.AddSeconds(30));

            Assert.False(schedule.EstimateFromPriorAlone);
            Assert.Equal(30 + 27.306, (schedule.EstimatedEnd!.Value - Start).TotalSeconds, 2);
        }

        [Fact]
        public void DelayAfter_WithPriorStalledAtFirstProgress_EstimatesFromThePriorRate()
        {
            // Without a prior a report that has not moved since the first progress gives no rate: the longest interval.
            // With one, 90 % seen 5 s ago at 0.93 %/s leaves 5.8 s: the shortest interval.
            var schedule = WithPrior(VideoMode.Standard, 5);
            schedule.DelayAfter(Snapshot("queued", 0), Start);
            schedule.DelayAfter(Snapshot("in_progress", 90), Start.AddSeconds(15));

            Assert.Equal(Min, schedule.DelayAfter(Snapshot("in_progress", 90), Start.AddSeconds(20)));
        }

        [Fact]
        public void DelayAfter_AnySequence_StaysWithinTheBounds()
        {
            var random = new Random(5);
            var modes = new[] { VideoMode.Standard, VideoMode.Professional };
            for (var run = 0; run < 400; run++)
            {
                var prior = run % 2 == 0 ? null : GenerationTimes.PriorFor(modes[random.Next(2)], VideoDuration.FromSeconds(random.Next(3, 11)));
                var schedule = new ProgressAwareSchedule(Min, Max, random.NextDouble, prior);
                var now = Start;
                var progress = 0;
                for (var read = 0; read < 50 && progress < 100; read++)
                {
                    progress = Math.Min(99, progress + random.Next(0, 20));
                    var delay = schedule.DelayAfter(Snapshot(random.Next(4) == 0 ? "queued" : "in_progress", progress), now);
                    Assert.InRange(delay, Min, Max);
                    now += delay;
                }
            }
        }

        [Fact]
        public void DelayAfter_DifferentDraws_ReadAtDifferentTimesInEveryPhase()
        {
            // Queued (10 s), first progress (5 s), far off (15 s), near the end (5 s), stalled past it (5 s, then 10, 15).
            var reads = new (string Status, int Progress, double At)[]
            {
                ("queued", 0, 0), ("in_progress", 10, 10), ("in_progress", 20, 15), ("in_progress", 90, 30),
                ("in_progress", 90, 35), ("in_progress", 90, 40), ("in_progress", 90, 45), ("in_progress", 90, 50), ("in_progress", 90, 60),
            };
            var early = new ProgressAwareSchedule(Min, Max, () => 0.2);
            var late = new ProgressAwareSchedule(Min, Max, () => 0.7);

            foreach (var (status, progress, at) in reads)
            {
                var a = early.DelayAfter(Snapshot(status, progress), Start.AddSeconds(at));
                var b = late.DelayAfter(Snapshot(status, progress), Start.AddSeconds(at));

                Assert.NotEqual(a, b);
                Assert.InRange(a, Min, Max);
                Assert.InRange(b, Min, Max);
            }
        }

        [Theory]
        [InlineData(5, 0.0, 5)]          // a draw of 0 keeps the interval
        [InlineData(5, 0.5, 5.25)]       // up to 10% longer
        [InlineData(5, 0.999_999, 5.5)]
        [InlineData(15, 0.5, 14.25)]     // at the longest, folded back below it
        [InlineData(15, 0.999_999, 13.5)]
        [InlineData(14, 0.999_999, 14.6)] // 15.4 s would pass the longest by 0.4 s: folded to 14.6 s
        [InlineData(5, 7.0, 5.5)]        // a draw out of [0, 1) is taken to the nearest end
        [InlineData(5, -3.0, 5)]
        [InlineData(5, double.NaN, 5)]
        public void Jitter_Spread_StretchesByAtMostTheShareWithinTheBounds(double seconds, double draw, double expectedSeconds)
        {
            var delay = PollingJitter.Spread(TimeSpan.FromSeconds(seconds), Min, Max, ProgressAwareSchedule.JitterShare, draw);

            Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
        }

        [Fact]
        public void Jitter_Spread_BoundsThatLeaveNoRoom_KeepTheInterval()
        {
            var ten = TimeSpan.FromSeconds(10);

            Assert.Equal(ten, PollingJitter.Spread(ten, ten, ten, 0.2, 0.999_999));
            Assert.Equal(TimeSpan.FromMilliseconds(1), PollingJitter.Spread(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), 0.2, 0.5));
        }

        [Fact]
        public void DelayAfter_HighestDraws_NeverPassTheLongestInterval()
        {
            foreach (var draw in new[] { 0.0, 0.5, 0.999_999, 1.0 })
            {
                foreach (var max in new[] { Min, TimeSpan.FromSeconds(5.2), Max, TimeSpan.FromMinutes(1) })
                {
                    var schedule = new ProgressAwareSchedule(Min, max, () => draw, GenerationTimes.PriorFor(VideoMode.Standard, VideoDuration.FiveSeconds));
                    var now = Start;
                    foreach (var (status, progress) in new[] { ("queued", 0), ("queued", 0), ("in_progress", 10), ("in_progress", 40), ("in_progress", 99) }
                        .Concat(Enumerable.Repeat(("in_progress", 99), 12)))
                    {
                        var delay = schedule.DelayAfter(Snapshot(status, progress), now);
                        Assert.InRange(delay, Min, max);
                        now += delay;
                    }
                }
            }
        }

        [Theory]
        [InlineData(15, new[] { 5d, 5, 5, 10, 15, 15, 15 })]
        [InlineData(60, new[] { 5d, 5, 5, 10, 20, 40, 60, 60 })]
        public void DelayAfter_StuckAt99PastTheEstimate_BacksOffUpToTheLongest(double maxSeconds, double[] expectedSeconds)
        {
            // 50% to 99% in 5 s: the end was due 0.1 s after the last move; the report then stands at 99%.
            var schedule = new ProgressAwareSchedule(Min, TimeSpan.FromSeconds(maxSeconds), () => 0.0);
            schedule.DelayAfter(Snapshot("in_progress", 50), Start);
            var now = Start.AddSeconds(5);
            Assert.Equal(Min, schedule.DelayAfter(Snapshot("in_progress", 99), now));

            var slept = new double[expectedSeconds.Length];
            for (var read = 0; read < slept.Length; read++)
            {
                now = now.AddSeconds(read == 0 ? 5 : slept[read - 1]);
                slept[read] = schedule.DelayAfter(Snapshot("in_progress", 99), now).TotalSeconds;
            }

            Assert.Equal(expectedSeconds, slept);
        }

        [Fact]
        public void DelayAfter_StalledBackoff_ResetsWhenTheProgressMovesOrTheStatusChanges()
        {
            var schedule = new ProgressAwareSchedule(Min, TimeSpan.FromMinutes(1), () => 0.0);
            schedule.DelayAfter(Snapshot("in_progress", 50), Start);
            schedule.DelayAfter(Snapshot("in_progress", 95), Start.AddSeconds(5));
            var now = Start.AddSeconds(10);
            TimeSpan Read(string status, int progress)
            {
                var delay = schedule.DelayAfter(Snapshot(status, progress), now);
                now += delay;
                return delay;
            }

            Assert.Equal(new[] { 5d, 5, 5, 10, 20 }, Enumerable.Range(0, 5).Select(_ => Read("in_progress", 95).TotalSeconds));

            // The progress moves: back to the shortest interval, and a new stall counts from its start.
            Assert.Equal(Min, Read("in_progress", 96));
            Assert.Equal(new[] { 5d, 5, 5, 10 }, Enumerable.Range(0, 4).Select(_ => Read("in_progress", 96).TotalSeconds));

            // The status changes (back in the queue): halfway between the bounds, then the stall counts from its start.
            Assert.Equal(TimeSpan.FromSeconds(32.5), Read("queued", 0));
            Assert.Equal(new[] { 5d, 5, 5, 10 }, Enumerable.Range(0, 4).Select(_ => Read("in_progress", 96).TotalSeconds));
        }

        [Theory]
        [InlineData(0, 0.0, 5)]
        [InlineData(0, 0.999_999, 6)]       // up to 20% longer
        [InlineData(5, 0.0, 15)]
        [InlineData(5, 0.5, 13.5)]          // at the cap: folded back below it, not all at 15 s
        [InlineData(5, 0.999_999, 12)]
        public void Backoff_DelayBefore_SpreadsAtTheCapToo(int attempt, double draw, double expectedSeconds)
            => Assert.Equal(expectedSeconds, new PollingBackoff(Min, Max, () => draw).DelayBefore(attempt).TotalSeconds, 3);

        [Fact]
        public async Task WaitForCompletionAsync_TaskStuckAt99_ReadsLessOftenUntilItCompletes()
        {
            _server.RespondToGetInSequence(
                TaskId,
                [Task("queued", 0), Task("in_progress", 50), .. Enumerable.Repeat(Task("in_progress", 99), 7), Completed()]);
            var clock = new ManualClock();
            using var client = _server.Client(clock, o => o.Polling = new KlingPollingOptions());

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await clock.DriveAsync(wait, Max);

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Equal(new[] { 10d, 5, 5, 5, 5, 5, 10, 15, 15 }, slept.Select(s => s.TotalSeconds));
        }

        [Fact]
        public async Task WaitForCompletionAsync_DefaultStrategy_ReadsSparselyThenCloseToTheEnd()
        {
            _server.RespondToGetInSequence(
                TaskId,
                Task("queued", 0), Task("in_progress", 10), Task("in_progress", 20), Task("in_progress", 50), Task("in_progress", 80), Completed());
            var clock = new ManualClock();
            using var client = _server.Client(clock, o => o.Polling = new KlingPollingOptions());

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await clock.DriveAsync(wait, Max * ProgressAwareSchedule.FarIntervals);

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            // Issue 17: while the end is far, 40% of the estimated time left (10% at 2%/s: 40 s left, so 16 s; then 10.5 s).
            Assert.Equal(new[] { 10d, 5d, 16d, 10.5d, 5d }, slept.Select(s => Math.Round(s.TotalSeconds, 3)));
        }

        [Fact]
        public async Task GenerateAsync_DefaultStrategy_ExpectsTheRequestsModeAndLength()
        {
            // std 5 s: the earliest end is a minute off, so no read at 10 s while queued and none at 5 s to learn the rate.
            _server.RespondToSubmit(200, Task("queued", 0));
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 10), Task("in_progress", 50), Task("in_progress", 90), Completed());
            var clock = new ManualClock();
            using var client = _server.Client(clock, o => o.Polling = new KlingPollingOptions());

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            var slept = await clock.DriveAsync(generate, Max * ProgressAwareSchedule.FarIntervals);

            Assert.Equal(VideoTaskStatus.Completed, (await generate).Status);
            // Issue 17: queued, one shortest interval before the earliest end (59.75 s), no longer capped at 15 s; then, on the
            // prior's rate alone, at most 15 s; once the task's own rate is measured, 40% of the estimated time left.
            Assert.Equal(new[] { 54.75, 15, 13.256, 5d }, slept.Select(s => Math.Round(s.TotalSeconds, 3)));
        }

        private static ProgressAwareSchedule WithPrior(VideoMode mode, int seconds)
            => new(Min, Max, () => 0.0, GenerationTimes.PriorFor(mode, VideoDuration.FromSeconds(seconds)));

        private static VideoTask Snapshot(string status, int progress)
            => KlingVideoModelFactory.VideoTask(TaskId, new VideoTaskStatus(status), progress, Start);

        private static string Task(string status, int progress)
            => $"{{\"id\":\"{TaskId}\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222}}";

        private static string Completed()
            => $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/v.mp4\"}}]}}}}";
    }
}
