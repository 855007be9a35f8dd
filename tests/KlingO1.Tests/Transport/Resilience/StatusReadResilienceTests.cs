using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>Reading a task changes nothing: every passing failure is retried with backoff, refusals are not.</summary>
    public sealed class StatusReadResilienceTests : IDisposable
    {
        private const string TaskId = "video_read_1";

        // Below the status-read timeout (20 s): only backoff and Retry-After waits are advanced.
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        [Theory]
        [InlineData(408)]
        [InlineData(429)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task GetTaskAsync_TransientStatusThenSuccess_IsRetriedAndReturnsTheTask(int status)
        {
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            using var client = ResilientClients.OnSimulator(simulator, _clock);
            var taskId = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Id;
            _clock.Advance(TimeSpan.FromSeconds(20));   // past the queue: the task runs
            simulator.Faults.FailRequests(2, (HttpStatusCode)status);

            var read = client.GetTaskAsync(taskId);
            var slept = await _clock.DriveAsync(read, LongestWait);

            var task = await read;
            Assert.Equal(taskId, task.Id);
            Assert.Equal(VideoTaskStatus.InProgress, task.Status);
            Assert.InRange(task.Progress, 1, 99);
            Assert.Equal(new[] { 0.5, 1.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(new[] { status, status, 200 }, simulator.Requests.Where(r => r.Method == "GET").Select(r => r.StatusCode));
        }

        [Theory]
        [InlineData(408)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task GetTaskAsync_TransientStatusOnEveryAttempt_ThrowsApiExceptionWithStatusAfterMaxAttempts(int status)
        {
            _handler.OnRead(TaskId, Respond.Error(status, "upstream_error"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingApiException>(() => read);

            Assert.Equal(status, (int)ex.StatusCode);
            Assert.Equal("upstream_error", ex.ErrorCode);
            Assert.Equal(new[] { 0.5, 1.0, 2.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_429OnEveryAttempt_ThrowsRateLimitAfterMaxAttempts()
        {
            _handler.OnRead(TaskId, Respond.Status(429, Payloads.Read("error-429.json"), retryAfter: "3"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => read);

            Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
            Assert.Equal(new[] { 3d, 3d, 3d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, Reads());
        }

        [Theory]
        [InlineData(400, typeof(KlingInvalidRequestException))]
        [InlineData(401, typeof(KlingAuthenticationException))]
        [InlineData(402, typeof(KlingInsufficientBalanceException))]
        [InlineData(404, typeof(KlingNotFoundException))]
        public async Task GetTaskAsync_Refusal_IsNotRetried(int status, Type expected)
        {
            _handler.OnRead(TaskId, Respond.Error(status, "refused"), Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);
            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => read);

            Assert.IsType(expected, ex);
            Assert.Equal(status, (int)ex.StatusCode);
            Assert.Empty(slept);
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_BackoffDoublesFromBaseDelayAndIsCappedByMaxDelay_WithJitterOff()
        {
            // Equal jitter: each delay is half fixed, half random; with the random part at 0 it is half the nominal delay.
            _handler.OnRead(TaskId, Respond.Error(503));
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Retry = new KlingRetryOptions
            {
                MaxAttempts = 6, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10),
            });

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);
            await Assert.ThrowsAsync<KlingApiException>(() => read);

            // Nominal 2, 4, 8, 10 (capped), 10.
            Assert.Equal(new[] { 1d, 2d, 4d, 5d, 5d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(6, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_BackoffWithFullJitter_ReachesTheNominalDelaysAndNeverExceedsMaxDelay()
        {
            _handler.OnRead(TaskId, Respond.Error(500));
            using var client = ResilientClients.InMemory(
                _handler,
                _clock,
                o => o.Retry = new KlingRetryOptions { MaxAttempts = 6, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(10) },
                random: () => 0.999_999);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);
            await Assert.ThrowsAsync<KlingApiException>(() => read);

            // Timers keep whole milliseconds: 1.999999 s becomes 1.999 s.
            var nominal = new[] { 2d, 4d, 8d, 10d, 10d };
            Assert.Equal(nominal.Length, slept.Count);
            Assert.All(nominal.Zip(slept), pair => Assert.InRange(pair.Second.TotalSeconds, pair.First - 0.002, pair.First));
        }

        [Fact]
        public async Task GetTaskAsync_RetryAfterOnA503_IsHonouredInsteadOfTheBackoff()
        {
            _handler.OnRead(TaskId, Respond.Error(503, retryAfter: "12"), Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);

            Assert.Equal(TaskId, (await read).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(12) }, slept);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_429WithResetButNoRetryAfter_IsRetriedOnlyOnceTheWindowResets()
        {
            _handler.OnRead(
                TaskId,
                Respond.WithHeaders(429, Payloads.Read("error-429.json"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "9")),
                Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);

            Assert.Equal(TaskId, (await read).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(9) }, slept);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_RetryAfterAboveMaxRetryAfter_IsNotRetried()
        {
            _handler.OnRead(TaskId, Respond.Status(429, Payloads.Read("error-429.json"), retryAfter: "120"), Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.GetTaskAsync(TaskId));

            Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
            Assert.Equal(1, Reads());
        }

        public static TheoryData<string> ConnectionFailures => new() { "refused", "reset", "response ended", "io", "body breaks off" };

        [Theory]
        [MemberData(nameof(ConnectionFailures))]
        public async Task GetTaskAsync_ConnectionFailure_IsRetriedAndReturnsTheTask(string fault)
        {
            _handler.OnRead(
                TaskId,
                fault switch
                {
                    "refused" => Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
                    "reset" => Respond.Throw(new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset))),
                    "response ended" => Respond.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
                    "io" => Respond.Throw(new System.IO.IOException("Connection reset by peer")),
                    _ => Respond.BodyBreaksOff(sentBytes: 5),
                },
                Respond.Task(TaskId, "in_progress", 70));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            var slept = await _clock.DriveAsync(read, LongestWait);

            Assert.Equal(70, (await read).Progress);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_ConnectionFailsOnEveryAttempt_ThrowsTheConnectionErrorAfterMaxAttempts()
        {
            _handler.OnRead(TaskId, Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            await _clock.DriveAsync(read, LongestWait);

            await Assert.ThrowsAsync<HttpRequestException>(() => read);
            Assert.Equal(4, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_AttemptTimesOutThenAnswers_IsRetriedAndReturnsTheTask()
        {
            _handler.OnRead(TaskId, Respond.Hang(), Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var read = client.GetTaskAsync(TaskId);
            await _handler.NextArrivalAsync();
            _clock.Advance(TimeSpan.FromSeconds(20));
            var slept = await _clock.DriveAsync(read, LongestWait);

            Assert.Equal(TaskId, (await read).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_EveryAttemptTimesOut_ThrowsKlingTimeoutAfterMaxAttempts()
        {
            _handler.OnRead(TaskId, Respond.Hang());
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Timeouts.StatusRead = TimeSpan.FromSeconds(20));
            var started = _clock.GetUtcNow();

            var read = client.GetTaskAsync(TaskId);
            var slept = new System.Collections.Generic.List<TimeSpan>();
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await _handler.NextArrivalAsync();
                _clock.Advance(TimeSpan.FromSeconds(20));
                if (attempt < 4)
                {
                    var backoff = await _clock.NextTimerAsync(LongestWait);
                    slept.Add(backoff);
                    _clock.Advance(backoff);
                }
            }

            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => read);

            Assert.Equal("status read", ex.Operation);
            Assert.Equal(TimeSpan.FromSeconds(20), ex.Timeout);
            Assert.Equal(new[] { 0.5, 1, 2 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(TimeSpan.FromSeconds(83.5), _clock.GetUtcNow() - started);
            Assert.Equal(4, Reads());
        }

        [Fact]
        public async Task GetTaskAsync_CallerCancelsDuringAnAttempt_ThrowsOperationCanceledAndIsNotRetried()
        {
            _handler.OnRead(TaskId, Respond.Hang());
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var cancel = new System.Threading.CancellationTokenSource();

            var read = client.GetTaskAsync(TaskId, cancel.Token);
            await _handler.NextArrivalAsync();
            cancel.Cancel();

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
            Assert.Equal(cancel.Token, ex.CancellationToken);
            Assert.Equal(1, Reads());
        }

        private int Reads() => _handler.Count("GET", ScriptedHandler.Generations + "/" + TaskId);
    }
}
