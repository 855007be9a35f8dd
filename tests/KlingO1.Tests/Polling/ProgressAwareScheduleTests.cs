using System;
using System.Linq;
using System.Threading.Tasks;
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

        [Fact]
        public void DelayAfter_AnySequence_StaysWithinTheBounds()
        {
            var random = new Random(5);
            for (var run = 0; run < 200; run++)
            {
                var schedule = new ProgressAwareSchedule(Min, Max, random.NextDouble);
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
        public async Task WaitForCompletionAsync_DefaultStrategy_ReadsSparselyThenCloseToTheEnd()
        {
            _server.RespondToGetInSequence(
                TaskId,
                Task("queued", 0), Task("in_progress", 10), Task("in_progress", 20), Task("in_progress", 50), Task("in_progress", 80), Completed());
            var clock = new ManualClock();
            using var client = _server.Client(clock, o => o.Polling = new PollingOptions());

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await clock.DriveAsync(wait, Max);

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Equal(new[] { 10d, 5d, 15d, 15d, 5d }, slept.Select(s => s.TotalSeconds));
        }

        private static VideoTask Snapshot(string status, int progress)
            => KlingVideoModelFactory.VideoTask(TaskId, new VideoTaskStatus(status), progress, Start);

        private static string Task(string status, int progress)
            => $"{{\"id\":\"{TaskId}\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222}}";

        private static string Completed()
            => $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/v.mp4\"}}]}}}}";
    }
}
