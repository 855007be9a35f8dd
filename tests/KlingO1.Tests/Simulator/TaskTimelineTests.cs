using System;
using System.Linq;
using KlingO1.Testing;
using KlingO1.Testing.Endpoints;
using KlingO1.Testing.Lifecycle;

namespace KlingO1.Tests.Simulator
{
    /// <summary>Where a simulated task is at a given moment: queued, running with rising progress, then completed or failed.</summary>
    public sealed class TaskTimelineTests
    {
        private static readonly DateTimeOffset Created = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public void StatusAt_BeforeQueueTimeEnds_IsQueuedWithProgress0()
        {
            var timeline = Timeline();
            var queueEnds = QueueEnds(timeline);

            Assert.True(queueEnds > Created, "a task should wait in the queue for a while");
            foreach (var at in new[] { Created, Created.AddSeconds(1), queueEnds - TimeSpan.FromTicks(1) })
            {
                Assert.Equal("queued", timeline.StatusAt(at));
                Assert.Equal(0, timeline.ProgressAt(at));
            }

            Assert.Equal("in_progress", timeline.StatusAt(queueEnds));
        }

        [Fact]
        public void ProgressAt_WhileRunning_RisesFrom1To99()
        {
            var timeline = Timeline();
            var queueEnds = QueueEnds(timeline);
            var samples = Enumerable.Range(0, 1000)
                .Select(i => queueEnds + TimeSpan.FromTicks(1 + ((timeline.EndsAt - queueEnds - TimeSpan.FromTicks(2)).Ticks * i / 999)))
                .ToArray();

            Assert.All(samples, at => Assert.Equal("in_progress", timeline.StatusAt(at)));
            var progress = samples.Select(timeline.ProgressAt).ToArray();
            Assert.All(progress, p => Assert.InRange(p, 1, 99));
            Assert.Equal(progress.OrderBy(p => p), progress);
            Assert.Equal(1, progress[0]);
            Assert.Equal(99, progress[^1]);
            Assert.InRange(timeline.ProgressAt(queueEnds + ((timeline.EndsAt - queueEnds) / 2)), 45, 55);
        }

        [Fact]
        public void ProgressAt_FirstInstantOfRunning_IsAtLeast1()
        {
            var timeline = Timeline();
            var queueEnds = QueueEnds(timeline);

            Assert.Equal("in_progress", timeline.StatusAt(queueEnds));
            Assert.InRange(timeline.ProgressAt(queueEnds), 1, 99);
        }

        [Fact]
        public void StatusAt_EndsAtAndLater_IsCompletedWithProgress100()
        {
            var timeline = Timeline();

            Assert.Equal("in_progress", timeline.StatusAt(timeline.EndsAt - TimeSpan.FromTicks(1)));
            foreach (var at in new[] { timeline.EndsAt, timeline.EndsAt.AddMinutes(1), timeline.EndsAt.AddDays(3) })
            {
                Assert.Equal("completed", timeline.StatusAt(at));
                Assert.Equal(100, timeline.ProgressAt(at));
            }
        }

        [Fact]
        public void StatusAt_FailingTask_FailsHalfwayThroughItsRunWithProgress0()
        {
            var succeeding = Timeline();
            var failing = Timeline(willFail: true);
            var queueEnds = QueueEnds(succeeding);
            var halfway = queueEnds + ((succeeding.EndsAt - queueEnds) / 2);

            Assert.Equal(halfway, failing.EndsAt);
            Assert.Equal("queued", failing.StatusAt(queueEnds - TimeSpan.FromTicks(1)));
            Assert.Equal("in_progress", failing.StatusAt(halfway - TimeSpan.FromTicks(1)));
            Assert.InRange(failing.ProgressAt(halfway - TimeSpan.FromTicks(1)), 1, 99);
            foreach (var at in new[] { halfway, succeeding.EndsAt, succeeding.EndsAt.AddHours(1) })
            {
                Assert.Equal("failed", failing.StatusAt(at));
                Assert.Equal(0, failing.ProgressAt(at));
            }
        }

        [Fact]
        public void EndsAt_ProModeAndTenSeconds_TakeLonger()
        {
            var std5 = Duration(Timeline("std", 5));
            var pro5 = Duration(Timeline("pro", 5));
            var std10 = Duration(Timeline("std", 10));
            var pro10 = Duration(Timeline("pro", 10));

            Assert.True(std5 < pro5);
            Assert.True(std5 < std10);
            Assert.True(pro5 < pro10);
            Assert.True(std10 < pro10);
            // The documented figures: a standard 5-second clip in about a minute, a professional 10-second one in about four.
            Assert.InRange(std5, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(90));
            Assert.InRange(pro10, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5));
        }

        [Theory]
        [InlineData("std", 5)]
        [InlineData("pro", 10)]
        public void EndsAt_TimeScale_DividesTheWholeTimeline(string mode, int seconds)
        {
            var real = Timeline(mode, seconds);
            var fast = Timeline(mode, seconds, timeScale: 20);

            Assert.Equal(Duration(real).Ticks * 0.05, Duration(fast).Ticks, tolerance: 1000.0);
            Assert.Equal(QueueEnds(real) - Created, (QueueEnds(fast) - Created) * 20);
        }

        [Fact]
        public void StatusAt_ModeInCapitals_CountsAsPro()
        {
            Assert.Equal(Timeline("pro", 5).EndsAt, Timeline("PRO", 5).EndsAt);
        }

        private static TaskTimeline Timeline(string mode = "std", int seconds = 5, bool willFail = false, double timeScale = 1.0)
            => new(
                new SimulatedTask(
                    "video_sim_000001",
                    new SubmitRequestReader.Submit("A cat", mode, seconds, null, new SubmittedMedia(false, Array.Empty<SimulatedImage>(), Array.Empty<SimulatedElement>(), null, false), null, null, null, "{}"),
                    Created,
                    willFail),
                timeScale);

        private static TimeSpan Duration(TaskTimeline timeline) => timeline.EndsAt - Created;

        /// <summary>Finds, to the tick, the first moment the task is no longer queued.</summary>
        private static DateTimeOffset QueueEnds(TaskTimeline timeline)
        {
            long low = 0;
            var high = (timeline.EndsAt - Created).Ticks;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (timeline.StatusAt(Created + TimeSpan.FromTicks(middle)) == "queued")
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return Created + TimeSpan.FromTicks(low);
        }
    }
}
