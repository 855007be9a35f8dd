using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Polling
{
    /// <summary>Waiting polls on virtual time: exact intervals, change reports, failure, timeout and cancellation.</summary>
    public sealed class WaitForCompletionTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_wait_1";
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15);
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();

        public WaitForCompletionTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task WaitForCompletionAsync_QueuedThenProgressThenCompleted_ReturnsCompletedAndReportsEachChange()
        {
            _server.RespondToGetInSequence(TaskId, Task("queued", 0), Task("in_progress", 30), Task("in_progress", 80), Completed());
            using var client = _server.Client(_clock);
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri("https://files.example.com/v.mp4"), task.VideoUrl);
            Assert.Equal(new[] { 5d, 10d, 15d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued 0", "in_progress 30", "in_progress 80", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(4, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_UnchangedSnapshots_AreReportedOnce()
        {
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 50), Task("in_progress", 50), Task("in_progress", 50), Completed());
            using var client = _server.Client(_clock);
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            await _clock.DriveAsync(wait, LongestInterval);
            await wait;

            Assert.Equal(new[] { "in_progress 50", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
        }

        [Fact]
        public async Task WaitForCompletionAsync_AlreadyCompleted_ReturnsAfterOneReadWithoutSleeping()
        {
            _server.RespondToGet(TaskId, 200, Completed());
            using var client = _server.Client(_clock);

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await _clock.DriveAsync(wait, LongestInterval);

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Empty(slept);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_TaskFails_ThrowsTheFailedTask()
        {
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 10), Payloads.Read("task-failed.json").Replace("video_7497f4d5-3a88-44c7-923a-967fa7d941a0", TaskId, StringComparison.Ordinal));
            using var client = _server.Client(_clock);

            var wait = client.WaitForCompletionAsync(TaskId);
            await _clock.DriveAsync(wait, LongestInterval);
            var failed = await Assert.ThrowsAsync<VideoTaskFailedException>(() => wait);

            // The one rule of every wait: a failed task is thrown, carrying the task and the service's reason.
            Assert.Equal(TaskId, failed.TaskId);
            Assert.Equal(VideoTaskStatus.Failed, failed.Task.Status);
            Assert.Equal("generation_failed", failed.ErrorCode);
        }

        [Fact]
        public async Task WaitForCompletionAsync_IntervalsGrowToTheCap()
        {
            _server.RespondToGetInSequence(TaskId, Enumerable.Repeat(Task("in_progress", 5), 6).Append(Completed()).ToArray());
            using var client = _server.Client(_clock, o => o.Polling = new KlingPollingOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(12), Strategy = PollingStrategy.ExponentialBackoff });

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await _clock.DriveAsync(wait, TimeSpan.FromSeconds(12));
            await wait;

            Assert.Equal(new[] { 2d, 4d, 8d, 12d, 12d, 12d }, slept.Select(s => s.TotalSeconds));
        }

        [Fact]
        public async Task WaitForCompletionAsync_NeverEnds_ThrowsTimeoutWithTaskIdAndLastStatusAtTheDeadline()
        {
            _server.RespondToGet(TaskId, 200, Task("in_progress", 42));
            using var client = _server.Client(_clock, o => o.Polling.Timeout = TimeSpan.FromMinutes(1));
            var started = _clock.GetUtcNow();

            var wait = client.WaitForCompletionAsync(TaskId);
            await _clock.DriveAsync(wait, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => wait);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.Equal(VideoTaskStatus.InProgress, ex.LastStatus);
            Assert.Equal(42, ex.LastSeen!.Progress);
            Assert.Equal(TimeSpan.FromMinutes(1), ex.Timeout);
            Assert.Equal(TimeSpan.FromMinutes(1), _clock.GetUtcNow() - started);
            Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
            Assert.Contains("WaitForCompletionAsync", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task WaitForCompletionAsync_Cancelled_ThrowsOperationCanceledPromptly()
        {
            _server.RespondToGet(TaskId, 200, Task("queued", 0));
            using var client = _server.Client(_clock);
            using var cancel = new CancellationTokenSource();

            var wait = client.WaitForCompletionAsync(TaskId, cancellationToken: cancel.Token);
            await _clock.NextTimerAsync(LongestInterval);
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
            Assert.Equal(1, Reads());
            Assert.Equal(0, client.ParkedWaits);   // taken out of the scheduler's queue at once, not when its read comes due
        }

        [Fact]
        public async Task WaitForCompletionAsync_ProgressHandlerThrows_EndsTheWaitWithItsException()
        {
            _server.RespondToGetInSequence(TaskId, Task("queued", 0), Task("in_progress", 30), Completed());
            using var client = _server.Client(_clock);
            var progress = new ThrowingProgress(onReport: 2);

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            await _clock.DriveAsync(wait, LongestInterval);

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => wait);
            Assert.Equal("the caller's progress handler failed", ex.Message);
            Assert.Equal(2, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task WaitForCompletionAsync_ReadFailsWith404_EndsWithNotFound()
        {
            _server.RespondToGet(TaskId, 404, Payloads.Read("error-404.json"));
            using var client = _server.Client(_clock);

            var ex = await Assert.ThrowsAsync<KlingNotFoundException>(() => client.WaitForCompletionAsync(TaskId));

            Assert.Equal("Task not found", ex.ErrorMessage);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task GenerateAsync_SubmitsOnceThenWaits_ReturnsCompletedAndReportsQueuedFirst()
        {
            _server.RespondToSubmit(200, Task("queued", 0));
            _server.RespondToGetInSequence(TaskId, Task("in_progress", 60), Completed());
            using var client = _server.Client(_clock);
            var progress = new RecordingProgress();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), progress);
            var slept = await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued", "in_progress", "completed" }, progress.Reports.Select(r => r.Status.Value));
            Assert.Single(_server.Received(), e => e.RequestMessage!.Method == "POST");
        }

        [Fact]
        public async Task GenerateAsync_TaskFails_ThrowsTaskFailedCarryingTaskAndReason()
        {
            _server.RespondToSubmit(200, Task("queued", 0));
            _server.RespondToGet(TaskId, 200, Payloads.Read("task-failed.json").Replace("video_7497f4d5-3a88-44c7-923a-967fa7d941a0", TaskId, StringComparison.Ordinal));
            using var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskFailedException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.Equal("generation_failed", ex.ErrorCode);
            Assert.Equal("Generation failed: Content violates the content policy", ex.ErrorMessage);
            Assert.Equal(VideoTaskStatus.Failed, ex.Task.Status);
            Assert.Contains("content policy", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task GenerateAsync_SubmitRefused_DoesNotPollAndThrows()
        {
            _server.RespondToSubmit(402, Payloads.Read("error-402.json"));
            using var client = _server.Client(_clock);

            await Assert.ThrowsAsync<KlingInsufficientBalanceException>(() => client.GenerateAsync(new VideoGenerationRequest("A cat")));

            Assert.Single(_server.Received());
        }

        [Fact]
        public async Task WaitForCompletionAsync_RateLimitedWithLongRetryAfter_WaitsAsAskedThenPollsOn()
        {
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(KlingServerFixture.GenerationsPath + "/" + TaskId).UsingGet())
                .InScenario("limited").WillSetStateTo("free")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120").WithBody(Payloads.Read("error-429.json")));
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(KlingServerFixture.GenerationsPath + "/" + TaskId).UsingGet())
                .InScenario("limited").WhenStateIs("free")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(Completed()));
            using var client = _server.Client(_clock);

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await _clock.DriveAsync(wait, TimeSpan.FromMinutes(5));

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Equal(new[] { 120d }, slept.Select(s => s.TotalSeconds));
        }

        private sealed class ThrowingProgress : IProgress<VideoTask>
        {
            private readonly int _onReport;
            private int _reports;

            public ThrowingProgress(int onReport) => _onReport = onReport;

            public void Report(VideoTask value)
            {
                if (++_reports == _onReport)
                {
                    throw new InvalidOperationException("the caller's progress handler failed");
                }
            }
        }

        private int Reads() => _server.Received().Count(e => e.RequestMessage!.Method == "GET");

        private static string Task(string status, int progress)
            => $"{{\"id\":\"{TaskId}\",\"object\":\"generation.task\",\"model\":\"kling-video-o1\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222}}";

        private static string Completed()
            => $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"completed_at\":1768380514,\"expires_at\":1768466914,"
                + "\"result\":{\"type\":\"video\",\"data\":[{\"url\":\"https://files.example.com/v.mp4\",\"format\":\"mp4\"}]}}";
    }
}
