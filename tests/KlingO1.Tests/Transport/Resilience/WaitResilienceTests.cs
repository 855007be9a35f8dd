using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>A wait survives passing read failures, ends at once on a refusal, and never outlives Polling.Timeout.</summary>
    public sealed class WaitResilienceTests : IDisposable
    {
        private const string TaskId = "video_wait_res_1";

        // Below the status-read timeout (20 s): polling intervals (5..15 s) and backoff are advanced, per-attempt limits are not.
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        [Fact]
        public async Task WaitForCompletionAsync_RunOfTransientReadFailuresMidWait_IsAbsorbedAndReturnsTheCompletedTask()
        {
            _handler.OnRead(
                TaskId,
                Respond.Task(TaskId, "queued"),
                Respond.Error(500),
                Respond.Error(502),
                Respond.Error(503),
                Respond.Error(504),
                Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
                Respond.Error(408),
                Respond.Task(TaskId, "in_progress", 50),
                Respond.Completed(TaskId));
            using var client = ResilientClients.InMemory(_handler, _clock);
            var progress = new RecordingProgress();

            var wait = client.WaitForCompletionAsync(TaskId, progress);
            var slept = await _clock.DriveAsync(wait, LongestWait);
            var task = await wait;

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri($"https://files.kling.test/{TaskId}.mp4"), task.VideoUrl);

            // Poll 5 s; the read retries 0.5, 1, 2 s and fails as a whole (absorbed); poll 10 s; the read retries 0.5, 1 s; poll 15 s.
            Assert.Equal(new[] { 5, 0.5, 1, 2, 10, 0.5, 1, 15 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { "queued 0", "in_progress 50", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.Equal(9, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_ReadTimesOutOnEveryAttemptMidWait_IsAbsorbedAndReturnsTheCompletedTask()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 20), Respond.Hang(), Respond.Hang(), Respond.Hang(), Respond.Hang(), Respond.Completed(TaskId));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var wait = client.WaitForCompletionAsync(TaskId);
            await _handler.NextArrivalAsync();
            Assert.Equal(TimeSpan.FromSeconds(5), await Advance());
            var backoff = new List<TimeSpan>();
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await _handler.NextArrivalAsync();
                _clock.Advance(TimeSpan.FromSeconds(20));
                backoff.Add(await Advance());
            }

            var task = await wait;

            // Three backoff waits inside the read, then the poller's next interval after the read failed as a whole.
            Assert.Equal(new[] { 0.5, 1, 2, 10 }, backoff.Select(s => s.TotalSeconds));
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(6, Reads());
        }

        [Theory]
        [InlineData(401, typeof(KlingAuthenticationException))]
        [InlineData(402, typeof(KlingInsufficientBalanceException))]
        [InlineData(404, typeof(KlingNotFoundException))]
        public async Task WaitForCompletionAsync_RefusalMidWait_EndsAtOnceWithTheTypedException(int status, Type expected)
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 30), Respond.Error(status, "refused"), Respond.Completed(TaskId));
            using var client = ResilientClients.InMemory(_handler, _clock);
            var started = _clock.GetUtcNow();

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await _clock.DriveAsync(wait, LongestWait);
            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => wait);

            Assert.IsType(expected, ex);
            Assert.Equal(status, (int)ex.StatusCode);
            Assert.Equal(new[] { TimeSpan.FromSeconds(5) }, slept);
            Assert.Equal(TimeSpan.FromSeconds(5), _clock.GetUtcNow() - started);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_DeadlineFallsInsideReadBackoff_ThrowsTaskTimeoutExactlyAtTheDeadline()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 60), Respond.Error(503));
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Polling.Timeout = TimeSpan.FromSeconds(8));
            var started = _clock.GetUtcNow();

            var wait = client.WaitForCompletionAsync(TaskId);

            // t=0 read; poll 5 s; t=5, 5.5, 6.5 failed attempts; the 2 s backoff (to 8.5) is cut by the deadline at 8.
            var slept = await DriveUntilAsync(wait, started + TimeSpan.FromSeconds(8));
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => wait);

            Assert.Equal(TimeSpan.FromSeconds(8), _clock.GetUtcNow() - started);
            Assert.Equal(new[] { 5, 0.5, 1, 1.5 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(TaskId, ex.TaskId);
            Assert.Equal(VideoTaskStatus.InProgress, ex.LastStatus);
            Assert.Equal(60, ex.LastSeen!.Progress);
            Assert.Equal(TimeSpan.FromSeconds(8), ex.Timeout);
            Assert.Equal(4, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_DeadlineFallsInsideRetryAfter_ThrowsTaskTimeoutExactlyAtTheDeadlineNeverHavingSeenTheTask()
        {
            _handler.OnRead(TaskId, Respond.Error(503, "overloaded", retryAfter: "4"));
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Polling.Timeout = TimeSpan.FromSeconds(10));
            var started = _clock.GetUtcNow();

            var wait = client.WaitForCompletionAsync(TaskId);
            var slept = await DriveUntilAsync(wait, started + TimeSpan.FromSeconds(10));
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => wait);

            Assert.Equal(TimeSpan.FromSeconds(10), _clock.GetUtcNow() - started);
            Assert.Equal(new[] { 4d, 4d, 2d }, slept.Select(s => s.TotalSeconds));
            Assert.Null(ex.LastSeen);
            Assert.Equal(3, Reads());
        }

        [Fact]
        public async Task WaitForCompletionAsync_DeadlineFallsInsideAHangingRead_ThrowsTaskTimeoutExactlyAtTheDeadline()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "queued"), Respond.Hang());
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Polling.Timeout = TimeSpan.FromSeconds(12));
            var started = _clock.GetUtcNow();

            var wait = client.WaitForCompletionAsync(TaskId);
            await _handler.NextArrivalAsync();
            Assert.Equal(TimeSpan.FromSeconds(5), await Advance());
            await _handler.NextArrivalAsync();
            _clock.Advance(TimeSpan.FromSeconds(7));
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => wait);

            Assert.Equal(TimeSpan.FromSeconds(12), _clock.GetUtcNow() - started);
            Assert.Equal(VideoTaskStatus.Queued, ex.LastStatus);
            Assert.Equal(2, Reads());
        }

        private int Reads() => _handler.Count("GET", ScriptedHandler.Generations + "/" + TaskId);

        /// <summary>Advances by the next short timer the code starts, and returns it.</summary>
        private async Task<TimeSpan> Advance()
        {
            var due = await _clock.NextTimerAsync(LongestWait);
            _clock.Advance(due);
            return due;
        }

        /// <summary>
        /// Advances by each short timer the code starts, but never past <paramref name="deadline"/>: the wait's own
        /// timeout must end it there. Returns the steps taken.
        /// </summary>
        private async Task<List<TimeSpan>> DriveUntilAsync(Task wait, DateTimeOffset deadline)
        {
            var steps = new List<TimeSpan>();
            while (true)
            {
                var timer = _clock.NextTimerAsync(LongestWait);
                if (await Task.WhenAny(wait, timer) == wait)
                {
                    return steps;
                }

                var due = await timer;
                var left = deadline - _clock.GetUtcNow();
                Assert.True(left > TimeSpan.Zero, "the wait is still running at its deadline");
                var step = due < left ? due : left;
                steps.Add(step);
                _clock.Advance(step);
            }
        }
    }
}
