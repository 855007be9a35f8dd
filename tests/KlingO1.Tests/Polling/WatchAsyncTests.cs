using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Polling
{
    /// <summary>WatchAsync on virtual time: each change once, the end, failure, timeout, refusal, and leaving early.</summary>
    public sealed class WatchAsyncTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_watch_1";
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15);
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();

        public WatchAsyncTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task WatchAsync_QueuedThenProgressThenCompleted_YieldsEachChangeOnceThenEnds()
        {
            _server.RespondToGetInSequence(
                TaskId, Task("queued", 0), Task("queued", 0), Task("in_progress", 30), Task("in_progress", 30), Task("in_progress", 80), Completed());
            using var client = _server.Client(_clock);

            var watch = CollectAsync(client.WatchAsync(TaskId));
            var slept = await _clock.DriveAsync(watch, LongestInterval);
            var seen = await watch;

            Assert.Equal(new[] { "queued 0", "in_progress 30", "in_progress 80", "completed 100" }, seen.Select(t => $"{t.Status} {t.Progress}"));
            Assert.Equal(new Uri("https://files.example.com/v.mp4"), seen[^1].VideoUrl);
            Assert.Equal(new[] { 5d, 10d, 15d, 15d, 15d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(6, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task WatchAsync_TaskFails_YieldsTheFailedSnapshotLastWithoutThrowing()
        {
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 10), Payloads.Read("task-failed.json").Replace("video_7497f4d5-3a88-44c7-923a-967fa7d941a0", TaskId, StringComparison.Ordinal));
            using var client = _server.Client(_clock);

            var watch = CollectAsync(client.WatchAsync(TaskId));
            await _clock.DriveAsync(watch, LongestInterval);
            var seen = await watch;

            Assert.Equal(new[] { VideoTaskStatus.InProgress, VideoTaskStatus.Failed }, seen.Select(t => t.Status));
            Assert.Equal("generation_failed", seen[^1].Error!.Code);
        }

        [Fact]
        public async Task WatchAsync_NeverEnds_YieldsWhatItSawThenThrowsTimeoutAtTheDeadline()
        {
            _server.RespondToGet(TaskId, 200, Task("in_progress", 42));
            using var client = _server.Client(_clock, o => o.Polling.Timeout = TimeSpan.FromMinutes(1));
            var started = _clock.GetUtcNow();
            var seen = new List<VideoTask>();

            var watch = CollectAsync(client.WatchAsync(TaskId), seen);
            await _clock.DriveAsync(watch, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => watch);

            Assert.Equal(new[] { "in_progress 42" }, seen.Select(t => $"{t.Status} {t.Progress}"));
            Assert.Equal(TaskId, ex.TaskId);
            Assert.Equal(42, ex.LastSeen!.Progress);
            Assert.Equal(TimeSpan.FromMinutes(1), _clock.GetUtcNow() - started);
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task WatchAsync_ReadRefusedWith404_ThrowsNotFoundFromTheEnumeration()
        {
            _server.RespondToGet(TaskId, 404, Payloads.Read("error-404.json"));
            using var client = _server.Client(_clock);

            await Assert.ThrowsAsync<KlingNotFoundException>(() => CollectAsync(client.WatchAsync(TaskId)));

            Assert.Equal(1, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task WatchAsync_CallerLeavesTheLoopEarly_PollingEndsAndNothingStaysParked()
        {
            _server.RespondToGet(TaskId, 200, Task("queued", 0));
            using var client = _server.Client(_clock);

            await foreach (var first in client.WatchAsync(TaskId))
            {
                Assert.Equal(VideoTaskStatus.Queued, first.Status);
                await _clock.NextTimerAsync(LongestInterval);   // the wait is parked until its next read
                Assert.Equal(1, client.ParkedWaits);
                break;
            }

            Assert.Equal(0, client.ParkedWaits);
            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task WatchAsync_Cancelled_ThrowsOperationCanceledPromptlyAndNothingStaysParked()
        {
            _server.RespondToGet(TaskId, 200, Task("queued", 0));
            using var client = _server.Client(_clock);
            using var cancel = new CancellationTokenSource();
            await using var watch = client.WatchAsync(TaskId, cancel.Token).GetAsyncEnumerator();

            Assert.True(await watch.MoveNextAsync());
            var next = watch.MoveNextAsync().AsTask();
            await _clock.NextTimerAsync(LongestInterval);
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
            Assert.Equal(0, client.ParkedWaits);
            Assert.Equal(1, Reads());
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("..")]
        public void WatchAsync_UnusableId_ThrowsAtTheCallBeforeAnyRead(string taskId)
        {
            using var client = _server.Client(_clock);

            Assert.Throws<ArgumentException>(() => client.WatchAsync(taskId));

            Assert.Equal(0, Reads());
        }

        private static async Task<List<VideoTask>> CollectAsync(IAsyncEnumerable<VideoTask> source, List<VideoTask>? into = null)
        {
            var seen = into ?? new List<VideoTask>();
            await foreach (var snapshot in source)
            {
                seen.Add(snapshot);
            }

            return seen;
        }

        private int Reads() => _server.Received().Count(e => e.RequestMessage!.Method == "GET");

        private static string Task(string status, int progress)
            => $"{{\"id\":\"{TaskId}\",\"object\":\"generation.task\",\"model\":\"kling-video-o1\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222}}";

        private static string Completed()
            => $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"completed_at\":1768380514,\"expires_at\":1768466914,"
                + "\"result\":{\"type\":\"video\",\"data\":[{\"url\":\"https://files.example.com/v.mp4\",\"format\":\"mp4\"}]}}";
    }
}
