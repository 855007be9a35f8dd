using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Transport.Resilience;
using Microsoft.Extensions.Logging;

namespace KlingO1.Tests.Polling
{
    /// <summary>
    /// After an accepted (billed) submit, whatever ends GenerateAsync carries the task: its id, the task as last seen and
    /// the cause; the submit is never sent again, and the task is still there to resume. A throwing logger ends nothing.
    /// </summary>
    public sealed class GenerateCarriesTaskTests : IClassFixture<KlingServerFixture>, IDisposable
    {
        // The id in Payloads/Recorded/submit-response.json (checked by the first test).
        private const string TaskId = "video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ";
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15);
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public GenerateCarriesTaskTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        public void Dispose() => _handler.Dispose();

        [Fact]
        public void SubmitResponse_Recorded_IsAboutTheTaskTheseTestsFollow()
        {
            var submit = Payloads.Json("submit-response.json");

            Assert.Equal(TaskId, (string?)submit["id"]);
            Assert.Equal("queued", (string?)submit["status"]);
        }

        [Theory]
        [InlineData(404, typeof(KlingNotFoundException), "error-404.json")]
        [InlineData(401, typeof(KlingAuthenticationException), "error-401.json")]
        [InlineData(403, typeof(KlingAuthenticationException), null)]
        [InlineData(400, typeof(KlingInvalidRequestException), "error-400.json")]
        [InlineData(402, typeof(KlingInsufficientBalanceException), "error-402.json")]
        public async Task GenerateAsync_StatusReadRefusedMidWait_ThrowsWaitExceptionCarryingTheTaskAndTheRefusal(int status, Type refusal, string? errorBody)
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.InSequence(
                ResilientClients.Read(TaskId),
                ResilientClients.Json(200, Respond.TaskJson(TaskId, "in_progress", 30)),
                ResilientClients.Json(status, errorBody is null ? Respond.ErrorJson("forbidden", "This key may not read this task") : Payloads.Read(errorBody)));
            using var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal(TaskId, ex.LastSeen!.Id);
            Assert.Equal(VideoTaskStatus.InProgress, ex.LastStatus);
            Assert.Equal(30, ex.LastSeen.Progress);
            var cause = Assert.IsAssignableFrom<KlingApiException>(ex.InnerException);
            Assert.IsType(refusal, cause);
            Assert.Equal(status, (int)cause.StatusCode);
            Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
            Assert.Contains("WaitForCompletionAsync", ex.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { 5d, 10d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(1, Posts());
            Assert.Equal(2, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task GenerateAsync_FirstStatusReadRefused_ThrowsWaitExceptionCarryingTheSubmitSnapshot()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 404, Payloads.Read("error-404.json"));
            using var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal(TaskId, ex.LastSeen!.Id);
            Assert.Equal(VideoTaskStatus.Queued, ex.LastStatus);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380224), ex.LastSeen.CreatedAt);
            var cause = Assert.IsType<KlingNotFoundException>(ex.InnerException);
            Assert.Equal("Task not found", cause.ErrorMessage);
            Assert.Equal(1, Posts());
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task GenerateAsync_StatusReadRefused_TaskIsStillReachableByTheCarriedId()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.InSequence(
                ResilientClients.Read(TaskId),
                ResilientClients.Json(401, Payloads.Read("error-401.json")),
                ResilientClients.Json(200, Respond.TaskJson(TaskId, "in_progress", 55)));
            using var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);
            var task = await client.GetTaskAsync(ex.TaskId);

            Assert.IsType<KlingAuthenticationException>(ex.InnerException);
            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.InProgress, task.Status);
            Assert.Equal(55, task.Progress);
            Assert.Equal(1, Posts());
            Assert.Equal(2, Reads());
        }

        [Fact]
        public async Task GenerateAsync_ProgressHandlerThrowsOnTheSubmitSnapshot_ThrowsWaitExceptionCarryingTheTaskAndTheHandlersException()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.CompletedJson(TaskId));
            using var client = _server.Client(_clock);
            var progress = new ThrowingProgress(onReport: 1);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), progress);
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal(TaskId, ex.LastSeen!.Id);
            Assert.Equal(VideoTaskStatus.Queued, ex.LastStatus);
            var cause = Assert.IsType<InvalidOperationException>(ex.InnerException);
            Assert.Equal("the caller's progress handler failed", cause.Message);
            Assert.Equal(1, Posts());
            Assert.Equal(0, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task GenerateAsync_ProgressHandlerThrowsOnAReadSnapshot_ThrowsWaitExceptionCarryingTheTaskAsLastRead()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGetInSequence(TaskId, Respond.TaskJson(TaskId, "in_progress", 30), Respond.CompletedJson(TaskId));
            using var client = _server.Client(_clock);
            var progress = new ThrowingProgress(onReport: 2);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), progress);
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.IsType<InvalidOperationException>(ex.InnerException);
            Assert.Equal(1, Posts());
            Assert.Equal(1, Reads());

            // The handler was shown the read "in_progress 30": that is the task as last read, not the submit's "queued 0".
            Assert.NotNull(ex.LastSeen);
            Assert.Equal("in_progress 30", $"{ex.LastSeen!.Status} {ex.LastSeen.Progress}");
        }

        [Fact]
        public async Task GenerateAsync_ProgressHandlerThrows_TaskIsStillReachableByTheCarriedId()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.TaskJson(TaskId, "in_progress", 70));
            using var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), new ThrowingProgress(onReport: 2));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);
            var task = await client.GetTaskAsync(ex.TaskId);

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.InProgress, task.Status);
            Assert.Equal(70, task.Progress);
            Assert.Equal(1, Posts());
        }

        [Fact]
        public async Task GenerateAsync_CancelledWhileParked_ThrowsGenerationCanceledCarryingTheTask()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.CompletedJson(TaskId));
            using var client = _server.Client(_clock);
            using var cancel = new CancellationTokenSource();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), cancellationToken: cancel.Token);
            Assert.Equal(TimeSpan.FromSeconds(5), await _clock.NextTimerAsync(LongestInterval));
            cancel.Cancel();
            var ex = await Assert.ThrowsAsync<VideoGenerationCanceledException>(() => generate);

            OperationCanceledException asCanceled = ex;
            Assert.Equal(cancel.Token, asCanceled.CancellationToken);
            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal(TaskId, ex.LastSeen!.Id);
            Assert.Equal(VideoTaskStatus.Queued, ex.LastSeen.Status);
            Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
            Assert.Contains(TaskId, ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, Posts());
            Assert.Equal(0, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task GenerateAsync_CancelledDuringAStatusRead_ThrowsGenerationCanceledCarryingTheTask()
        {
            _handler.OnSubmit(Respond.Status(200, Payloads.Read("submit-response.json")));
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 20), Respond.Hang());
            using var client = InMemoryClient();
            using var cancel = new CancellationTokenSource();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), cancellationToken: cancel.Token);
            await _handler.NextArrivalAsync();
            Assert.Equal(TimeSpan.FromSeconds(5), await Advance());
            await _handler.NextArrivalAsync();
            Assert.Equal(TimeSpan.FromSeconds(10), await Advance());
            await _handler.NextArrivalAsync();
            cancel.Cancel();
            var ex = await Assert.ThrowsAsync<VideoGenerationCanceledException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal("in_progress 20", $"{ex.LastSeen!.Status} {ex.LastSeen.Progress}");
            Assert.Equal(cancel.Token, ex.CancellationToken);
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(2, _handler.Count("GET", ScriptedHandler.Generations + "/" + TaskId));
        }

        [Fact]
        public async Task GenerateAsync_NeverEnds_ThrowsTaskTimeoutWhichIsAWaitExceptionCarryingTheTask()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.TaskJson(TaskId, "in_progress", 42));
            using var client = _server.Client(_clock, o => o.Polling.Timeout = TimeSpan.FromMinutes(1));
            var started = _clock.GetUtcNow();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskTimeoutException>(() => generate);

            VideoTaskWaitException asWait = ex;
            Assert.Equal(TaskId, asWait.TaskId);
            Assert.NotNull(asWait.LastSeen);
            Assert.Equal(TaskId, asWait.LastSeen!.Id);
            Assert.Equal("in_progress 42", $"{asWait.LastSeen.Status} {asWait.LastSeen.Progress}");
            Assert.Equal(TimeSpan.FromMinutes(1), ex.Timeout);
            Assert.Equal(TimeSpan.FromMinutes(1), _clock.GetUtcNow() - started);
            Assert.Equal(1, Posts());
        }

        [Fact]
        public async Task GenerateAsync_ClientDisposedWhileParked_ThrowsWaitExceptionWithObjectDisposedInside()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.CompletedJson(TaskId));
            var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            Assert.Equal(TimeSpan.FromSeconds(5), await _clock.NextTimerAsync(LongestInterval));
            client.Dispose();
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
            Assert.Equal(TaskId, ex.LastSeen!.Id);
            Assert.Equal(VideoTaskStatus.Queued, ex.LastStatus);
            var cause = Assert.IsType<ObjectDisposedException>(ex.InnerException);
            Assert.Contains(TaskId, cause.Message, StringComparison.Ordinal);
            Assert.Equal(1, Posts());
            Assert.Equal(0, Reads());
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task GenerateAsync_ClientDisposedDuringAStatusRead_ThrowsWaitExceptionCarryingWhatThatReadSaw()
        {
            var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _handler.OnSubmit(Respond.Status(200, Payloads.Read("submit-response.json")));
            _handler.OnRead(TaskId, (_, _) => answer.Task, Respond.Completed(TaskId));
            var client = InMemoryClient();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _handler.NextArrivalAsync();
            Assert.Equal(TimeSpan.FromSeconds(5), await Advance());
            await _handler.NextArrivalAsync();
            client.Dispose();
            answer.SetResult(Respond.Message(200, Respond.TaskJson(TaskId, "in_progress", 40)));
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);

            Assert.Equal(TaskId, ex.TaskId);
            Assert.NotNull(ex.LastSeen);
#if NET9_0_OR_GREATER && !KLING_NETSTANDARD_LEG
            Assert.Equal("in_progress 40", $"{ex.LastSeen!.Status} {ex.LastSeen.Progress}");
#else
            // The read's answer arrives after the dispose. On the .NET 8 runtime, and with the netstandard2.0 build of
            // KlingO1, the wait does not see it and carries the last snapshot it did see (the submit's).
            Assert.Equal("queued 0", $"{ex.LastSeen!.Status} {ex.LastSeen.Progress}");
#endif
            Assert.IsType<ObjectDisposedException>(ex.InnerException);
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(0, client.ParkedWaits);
        }

        [Fact]
        public async Task GenerateAsync_ClientDisposed_TaskResumesOnAnotherClientByTheCarriedId()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.RespondToGet(TaskId, 200, Respond.CompletedJson(TaskId));
            var client = _server.Client(_clock);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.NextTimerAsync(LongestInterval);
            client.Dispose();
            var ex = await Assert.ThrowsAsync<VideoTaskWaitException>(() => generate);
            using var another = _server.Client(_clock);
            var resumed = another.WaitForCompletionAsync(ex.TaskId);
            await _clock.DriveAsync(resumed, LongestInterval);
            var task = await resumed;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri($"https://files.kling.test/{TaskId}.mp4"), task.VideoUrl);
            Assert.Equal(1, Posts());
            Assert.Equal(1, Reads());
        }

        [Fact]
        public async Task GenerateAsync_LoggerFromOptionsThrows_CompletesNormally()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.InSequence(
                ResilientClients.Read(TaskId),
                ResilientClients.Json(200, Respond.TaskJson(TaskId, "in_progress", 50)),
                ResilientClients.Json(503, Respond.ErrorJson("overloaded")),
                ResilientClients.Json(200, Respond.CompletedJson(TaskId)));
            var logger = new ThrowingLogger();
            using var factory = new ThrowingLoggerFactory(logger);
            using var client = _server.Client(_clock, o => o.LoggerFactory = factory);
            var progress = new RecordingProgress();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"), progress);
            await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { "queued 0", "in_progress 50", "completed 100" }, progress.Reports.Select(r => $"{r.Status} {r.Progress}"));
            Assert.True(logger.Calls >= 4, $"the SDK logged {logger.Calls} times: the throwing logger was not exercised");
            Assert.Equal(1, Posts());
            Assert.Equal(3, Reads());
        }

        [Fact]
        public async Task GenerateAsync_LoggerGivenToTheClientThrows_CompletesNormally()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            _server.InSequence(
                ResilientClients.Read(TaskId),
                ResilientClients.Json(200, "<html><body>502 Bad Gateway</body></html>"),
                ResilientClients.Json(200, Respond.CompletedJson(TaskId)));
            var logger = new ThrowingLogger();
            using var client = new KlingVideoClient(new HttpClient(), _server.Options(), _clock, () => 0.0, logger);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.True(logger.Calls >= 4, $"the SDK logged {logger.Calls} times: the throwing logger was not exercised");
            Assert.Equal(1, Posts());
            Assert.Equal(2, Reads());
        }

        private KlingVideoClient InMemoryClient()
            => ResilientClients.InMemory(_handler, _clock, o => o.Retry = new KlingRetryOptions { MaxAttempts = 1 });

        /// <summary>Advances by the next short timer the code starts, and returns it.</summary>
        private async Task<TimeSpan> Advance()
        {
            var due = await _clock.NextTimerAsync(LongestInterval);
            _clock.Advance(due);
            return due;
        }

        private int Posts() => _server.Received().Count(e => e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == KlingServerFixture.GenerationsPath);

        private int Reads() => _server.Received().Count(e => e.RequestMessage!.Method == "GET" && e.RequestMessage.Path == KlingServerFixture.GenerationsPath + "/" + TaskId);

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

        /// <summary>A broken log sink: every level enabled, and every write (and scope) throws.</summary>
        private sealed class ThrowingLogger : ILogger
        {
            private int _calls;

            public int Calls => Volatile.Read(ref _calls);

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
                => throw new InvalidOperationException("the log sink is broken (scope)");

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                Interlocked.Increment(ref _calls);
                throw new InvalidOperationException("the log sink is broken");
            }
        }

        private sealed class ThrowingLoggerFactory : ILoggerFactory
        {
            private readonly ILogger _logger;

            public ThrowingLoggerFactory(ILogger logger) => _logger = logger;

            public ILogger CreateLogger(string categoryName) => _logger;

            public void AddProvider(ILoggerProvider provider)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
