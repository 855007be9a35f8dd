using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Transport.Resilience;

namespace KlingO1.Tests.Polling
{
    /// <summary>
    /// A wait polls on through every failure a later read may not meet: a 200 that cannot be read, a read that
    /// HttpClient.Timeout cuts short, an answer about another task (never taken for this one). Disposing the client ends
    /// its waits.
    /// </summary>
    public sealed class WaitAbsorbsPassingFailuresTests : IDisposable
    {
        private const string TaskId = "video_absorb_1";
        private const string OtherTaskId = "video_someone_else_2";
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15);
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        [Theory]
        [InlineData("html page")]
        [InlineData("truncated json")]
        [InlineData("empty body")]
        [InlineData("json null")]
        public async Task WaitForCompletionAsync_UnreadableOkAnswerMidWait_IsAbsorbedAndReturnsTheCompletedTask(string answer)
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "queued"), Unreadable(answer), Respond.Completed(TaskId));
            using var client = Client();
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri($"https://files.kling.test/{TaskId}.mp4"), task.VideoUrl);
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued 0", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(3, Reads());
        }

        [Theory]
        [InlineData("html page")]
        [InlineData("truncated json")]
        [InlineData("empty body")]
        [InlineData("json null")]
        public async Task WaitForCompletionAsync_UnreadableOkAnswerFirst_IsAbsorbedAndReturnsTheCompletedTask(string answer)
        {
            _handler.OnRead(TaskId, Unreadable(answer), Respond.Completed(TaskId));
            using var client = Client();

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { 5d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(2, Reads());
        }

        [Theory]
        [InlineData("html page")]
        [InlineData("truncated json")]
        [InlineData("empty body")]
        [InlineData("json null")]
        public async Task GetTaskAsync_UnreadableOkAnswer_ThrowsKlingApiExceptionWithStatus200(string answer)
        {
            _handler.OnRead(TaskId, Unreadable(answer));
            using var client = Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task WaitForCompletionAsync_HttpClientTimeoutCutsAReadShort_IsAbsorbedAndReturnsTheCompletedTask()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 25), HttpClientTimeout(), Respond.Completed(TaskId));
            using var client = Client();
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "in_progress 25", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(3, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_HttpClientTimeoutCutsTheReadShort_ThrowsKlingTimeoutExceptionNotACancellation()
        {
            _handler.OnRead(TaskId, HttpClientTimeout());
            using var client = Client();

            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => client.GetTaskAsync(TaskId));

            Assert.Equal("status read", ex.Operation);
            Assert.IsType<TaskCanceledException>(ex.InnerException);
            // This client has no HttpClient.Timeout of its own, so the message names what else cuts a request short.
            Assert.Contains("was cut short", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task WaitForCompletionAsync_AnswerAboutAnotherTaskMidWait_IsAbsorbedAndNeverReturned()
        {
            // The other task's answer is a completed one: taken for this task, it would end the wait with someone else's video.
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 10), Respond.Completed(OtherTaskId), Respond.Completed(TaskId));
            using var client = Client();
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(new Uri($"https://files.kling.test/{TaskId}.mp4"), task.VideoUrl);
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { TaskId, TaskId }, progress.Reports.Select(r => r.Id));
            Assert.Equal(3, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_AnswerAboutAnotherTaskFirst_IsAbsorbedAndNeverReturned()
        {
            _handler.OnRead(TaskId, Respond.Completed(OtherTaskId), Respond.Task(TaskId, "queued"), Respond.Completed(TaskId));
            using var client = Client();
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { "queued 0", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(3, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_AnswerAboutAnotherTask_ThrowsKlingApiExceptionSayingItIsAboutAnotherTask()
        {
            _handler.OnRead(TaskId, Respond.Completed(OtherTaskId));
            using var client = Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.Contains("another task", ex.Message, StringComparison.Ordinal);
            Assert.Contains(OtherTaskId, ex.Message, StringComparison.Ordinal);
            Assert.Contains(OtherTaskId, ex.ResponseBodySnippet, StringComparison.Ordinal);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_ByBusinessIdAnswerCarriesThatBusinessId_ReturnsTheTask()
        {
            const string BusinessId = "order_20260428_001";
            _handler.OnRead(BusinessId, Respond.Task(TaskId, "in_progress", 60, businessId: BusinessId));
            using var client = Client();

            var task = await client.GetTaskAsync(BusinessId);

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(BusinessId, task.ClientBusinessId);
            Assert.Equal(60, task.Progress);
        }

        [Fact]
        public async Task WaitForCompletionAsync_EveryKindOfPassingFailureInARow_IsAbsorbedAndReturnsTheCompletedTask()
        {
            _handler.OnRead(
                TaskId,
                Respond.Task(TaskId, "queued"),
                Unreadable("html page"),
                Unreadable("truncated json"),
                Unreadable("empty body"),
                Unreadable("json null"),
                HttpClientTimeout(),
                Respond.Completed(OtherTaskId),
                Respond.Task(TaskId, "in_progress", 90),
                Respond.Completed(TaskId));
            using var client = Client();
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestInterval);
            var task = await wait;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { 5d, 10d, 15d, 15d, 15d, 15d, 15d, 15d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued 0", "in_progress 90", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(9, Reads());
        }

        [Fact]
        public async Task GenerateAsync_PassingFailuresAfterTheSubmit_AreAbsorbedAndReturnTheCompletedTaskWithOneSubmit()
        {
            _handler.OnSubmit(Respond.Task(TaskId, "queued"));
            _handler.OnRead(TaskId, Unreadable("html page"), HttpClientTimeout(), Respond.Completed(OtherTaskId), Unreadable("json null"), Respond.Completed(TaskId));
            using var client = Client();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(new Uri($"https://files.kling.test/{TaskId}.mp4"), task.VideoUrl);
            Assert.Equal(new[] { 5d, 10d, 15d, 15d, 15d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(5, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_ClientDisposedWhileParked_ThrowsObjectDisposedNamingTheTask()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 35), Respond.Completed(TaskId));
            var client = Client();

            var wait = client.WaitForCompletionAsync(TaskId);
            Assert.Equal(TimeSpan.FromSeconds(5), await _clock.NextTimerAsync(LongestInterval));
            Assert.Equal(1, client.ParkedWaits);
            client.Dispose();
            var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);

            Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, client.ParkedWaits);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_ClientDisposedDuringARead_ThrowsObjectDisposedOnceTheReadIsIn()
        {
            var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _handler.OnRead(TaskId, (_, _) => answer.Task, Respond.Completed(TaskId));
            var client = Client();

            var wait = client.WaitForCompletionAsync(TaskId);
            await _handler.NextArrivalAsync();
            client.Dispose();
            answer.SetResult(Respond.Message(200, Respond.TaskJson(TaskId, "in_progress", 35)));
            var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);

            Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, client.ParkedWaits);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public void WaitForCompletionAsync_ClientAlreadyDisposed_ThrowsObjectDisposedWithoutReading()
        {
            _handler.OnRead(TaskId, Respond.Completed(TaskId));
            var client = Client();
            client.Dispose();

            // Refused at the call, before any read: the caller holds the id it passed.
            var ex = Assert.Throws<ObjectDisposedException>(() => { _ = client.WaitForCompletionAsync(TaskId); });

            Assert.Contains("disposed", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, Reads());
        }

        /// <summary>A client on the in-memory service, retries off: each scripted step is one read of the wait.</summary>
        private KlingVideoClient Client() => ResilientClients.InMemory(_handler, _clock, o => o.Retry = new KlingRetryOptions { MaxAttempts = 1 });

        private int Reads() => _handler.Count("GET", ScriptedHandler.Generations + "/" + TaskId);

        /// <summary>What HttpClient.Timeout throws: a TaskCanceledException around a TimeoutException, the caller's token untouched.</summary>
        private static ScriptedHandler.Step HttpClientTimeout()
            => Respond.Throw(new TaskCanceledException(
                "The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled.")));

        /// <summary>A 200 answer the SDK cannot read as a task.</summary>
        private static ScriptedHandler.Step Unreadable(string answer) => answer switch
        {
            "html page" => Respond.Status(200, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>", mediaTypeHtml: true),
            "truncated json" => Respond.Status(200, Respond.TaskJson(TaskId, "completed", 100).Substring(0, 40)),
            "empty body" => Respond.Status(200, string.Empty),
            "json null" => Respond.Status(200, "null"),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "no such unreadable answer"),
        };
    }
}
