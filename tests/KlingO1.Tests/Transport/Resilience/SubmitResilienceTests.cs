using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using static KlingO1.Tests.Transport.Resilience.ResilientClients;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>
    /// A submit is billed and has no idempotency key: it is sent again only after a refusal the service stated
    /// (429, 503 rate_limit_unavailable) or a connection that never opened; every other failure is an unknown outcome.
    /// </summary>
    public sealed class SubmitResilienceTests : IClassFixture<KlingServerFixture>, IDisposable
    {
        private const string TaskId = "video_submit_1";

        // Below every per-attempt timeout (submit 60 s): only backoff and Retry-After waits are advanced.
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(45);
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public SubmitResilienceTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        public void Dispose() => _handler.Dispose();

        [Fact]
        public async Task SubmitAsync_429WithRetryAfterSeconds_WaitsExactlyThatLongThenSucceedsWithTwoPosts()
        {
            _server.InSequence(Submit, Json(429, Payloads.Read("error-429.json"), retryAfter: "7"), Json(200, Respond.TaskJson(TaskId, "queued")));
            using var client = OnServer(_server, _clock);
            var started = _clock.GetUtcNow();

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var task = await submit;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, slept);
            Assert.Equal(TimeSpan.FromSeconds(7), _clock.GetUtcNow() - started);
            Assert.Equal(2, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_429WithRetryAfterHttpDate_WaitsUntilThatInstantThenSucceedsWithTwoPosts()
        {
            var at = _clock.GetUtcNow().AddSeconds(30).ToString("r", CultureInfo.InvariantCulture);
            _server.InSequence(Submit, Json(429, Payloads.Read("error-429.json"), retryAfter: at), Json(200, Respond.TaskJson(TaskId, "queued")));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(30) }, slept);
            Assert.Equal(2, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_503RateLimitUnavailable_IsSentAgainAndSucceeds()
        {
            _server.InSequence(Submit, Json(503, Payloads.Read("error-503-limiter.json")), Json(200, Respond.TaskJson(TaskId, "queued")));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            Assert.Equal(2, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_503RateLimitUnavailableOnEveryAttempt_ThrowsRateLimitNotOutcomeUnknownAfterMaxAttempts()
        {
            _server.RespondToSubmit(503, Payloads.Read("error-503-limiter.json"));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => submit);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal("rate_limit_unavailable", ex.ErrorCode);
            Assert.Equal(new[] { 0.5, 1.0, 2.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, ServerPosts());
        }

        [Theory]
        [InlineData(500, "internal_error")]
        [InlineData(502, "bad_gateway")]
        [InlineData(503, "service_unavailable")]
        [InlineData(504, "gateway_timeout")]
        public async Task SubmitAsync_ServerError_IsNotSentAgainAndThrowsOutcomeUnknownWithTheApiException(int status, string code)
        {
            _server.RespondToSubmit(status, Respond.ErrorJson(code));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => submit);

            var inner = Assert.IsType<KlingApiException>(ex.InnerException);
            Assert.Equal(status, (int)inner.StatusCode);
            Assert.Equal(code, inner.ErrorCode);
            Assert.Null(ex.ClientBusinessId);
            Assert.Contains("did not send it again", ex.Message, StringComparison.Ordinal);
            Assert.Contains("ClientBusinessId", ex.Message, StringComparison.Ordinal);
            Assert.Empty(slept);
            Assert.Equal(1, ServerPosts());
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(504)]
        public async Task SubmitAsync_Non503CarryingTheLimiterCode_ThrowsOutcomeUnknownLikeAnyOtherServerError(int status)
        {
            _handler.OnSubmit(Respond.Error(status, "rate_limit_unavailable"));
            using var client = InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(status, (int)Assert.IsType<KlingApiException>(ex.InnerException).StatusCode);
            Assert.Equal(1, _handler.Posts);
        }

        [Fact]
        public async Task SubmitAsync_503WithoutBody_IsNotSentAgainAndThrowsOutcomeUnknown()
        {
            _server.RespondToSubmit(503, string.Empty);
            using var client = OnServer(_server, _clock);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, Assert.IsType<KlingApiException>(ex.InnerException).StatusCode);
            Assert.Equal(1, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_429RetryAfterAboveMaxRetryAfter_ThrowsRateLimitAfterOnePost()
        {
            _server.RespondToSubmit(429, Payloads.Read("error-429.json"), r => r.WithHeader("Retry-After", "61"));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => submit);

            Assert.Equal(TimeSpan.FromSeconds(61), ex.RetryAfter);
            Assert.Empty(slept);
            Assert.Equal(1, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_429OnEveryAttempt_ThrowsRateLimitAfterMaxAttemptsPosts()
        {
            _server.RespondToSubmit(429, Payloads.Read("error-429.json"), r => r.WithHeader("Retry-After", "2"));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => submit);

            Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
            Assert.Equal(new[] { 2d, 2d, 2d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, ServerPosts());
        }

        [Fact]
        public async Task SubmitAsync_429WithoutRetryAfter_BacksOffExponentiallyAndSucceeds()
        {
            _server.InSequence(Submit, Json(429, Payloads.Read("error-429.json")), Json(429, Payloads.Read("error-429.json")), Json(200, Respond.TaskJson(TaskId, "queued")));
            using var client = OnServer(_server, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(new[] { 0.5, 1.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(3, ServerPosts());
        }

        public static TheoryData<string> LostAfterSending => new() { "reset", "response ended", "io", "body breaks off" };

        [Theory]
        [MemberData(nameof(LostAfterSending))]
        public async Task SubmitAsync_ConnectionLostAfterSending_IsSentOnceAndThrowsOutcomeUnknown(string fault)
        {
            _handler.OnSubmit(
                fault switch
                {
                    "reset" => Respond.Throw(new HttpRequestException("An error occurred while sending the request.", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)))),
                    "response ended" => Respond.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
                    "io" => Respond.Throw(new IOException("Unable to read data from the transport connection: Connection reset by peer.")),
                    _ => Respond.BodyBreaksOff(sentBytes: 20),
                },
                Respond.Task(TaskId, "queued"));
            using var client = InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => submit);

            Assert.True(ex.InnerException is HttpRequestException or IOException, ex.InnerException?.GetType().Name);
            Assert.Null(ex.ClientBusinessId);
            Assert.Empty(slept);
            Assert.Equal(1, _handler.Posts);
        }

        [Fact]
        public async Task SubmitAsync_ConnectionNeverOpened_IsSentAgainAndSucceeds()
        {
            _handler.OnSubmit(
                Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.kling.test:443)")),
                Respond.Task(TaskId, "queued"));
            using var client = InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            Assert.Equal(2, _handler.Posts);
        }

        [Fact]
        public async Task SubmitAsync_SocketRefusedInsideUnknownHttpError_IsSentAgainAndSucceeds()
        {
            _handler.OnSubmit(
                Respond.Throw(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))),
                Respond.Task(TaskId, "queued"));
            using var client = InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(2, _handler.Posts);
        }

        [Fact]
        public async Task SubmitAsync_RealRefusedLoopbackConnection_IsSentMaxAttemptsTimesThenThrowsTheConnectionError()
        {
            var closedPort = ClosedLoopbackPort();
            using var counter = new CountingHandler(new SocketsHttpHandler());
            var options = new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, BaseAddress = new Uri($"http://127.0.0.1:{closedPort}/"), Retry = Retry() };
            using var client = new KlingVideoClient(new HttpClient(counter, disposeHandler: false), options, _clock, () => 0.0);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => submit);

            Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
            Assert.Equal(new[] { 0.5, 1.0, 2.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, counter.Sends);
        }

        [Fact]
        public async Task SubmitAsync_SlowerThanSubmitTimeout_IsSentOnceAndThrowsOutcomeUnknownWithTimeout()
        {
            _handler.OnSubmit(Respond.Hang(), Respond.Task(TaskId, "queued"));
            using var client = InMemory(_handler, _clock, o => o.Timeouts.Submit = TimeSpan.FromSeconds(60));

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            await _handler.NextArrivalAsync();
            _clock.Advance(TimeSpan.FromSeconds(59));
            Assert.False(submit.IsCompleted, "the submit must not time out before its limit");
            _clock.Advance(TimeSpan.FromSeconds(1));
            var slept = await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => submit);

            var timeout = Assert.IsType<KlingTimeoutException>(ex.InnerException);
            Assert.Equal(TimeSpan.FromSeconds(60), timeout.Timeout);
            Assert.Empty(slept);
            Assert.Equal(1, _handler.Posts);
        }

        public static TheoryData<string, string> UnreadableSuccessBodies => new()
        {
            { "truncated", "{\"id\":\"video_submit_1\",\"status\":\"que" },
            { "malformed", "{\"id\":\"video_submit_1\" \"status\":}" },
            { "html", "<html><body><h1>200 OK</h1>Welcome to nginx!</body></html>" },
            { "empty", string.Empty },
            { "json null", "null" },
            { "no id", "{\"status\":\"queued\"}" },
        };

        [Theory]
        [MemberData(nameof(UnreadableSuccessBodies))]
        public async Task SubmitAsync_200WithUnreadableBody_ThrowsOutcomeUnknownAfterOnePost(string kind, string body)
        {
            _handler.OnSubmit(Respond.Status(200, body), Respond.Task(TaskId, "queued"));
            using var client = InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            var inner = Assert.IsType<KlingApiException>(ex.InnerException);
            Assert.Equal(HttpStatusCode.OK, inner.StatusCode);
            Assert.True(inner.InnerException is JsonException, kind);
            Assert.Equal(1, _handler.Posts);
        }

        [Fact]
        public async Task SubmitAsync_400_IsNotSentAgainAndIsNotAnUnknownOutcome()
        {
            _handler.OnSubmit(Respond.Status(400, Payloads.Read("error-400.json")));
            using var client = InMemory(_handler, _clock);

            await Assert.ThrowsAsync<KlingInvalidRequestException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(1, _handler.Posts);
        }

        private int ServerPosts() => _server.Received().Count(e => e.RequestMessage!.Method == "POST");

        private static int ClosedLoopbackPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }

    /// <summary>Counts what is handed to the real network handler.</summary>
    internal sealed class CountingHandler : DelegatingHandler
    {
        private int _sends;

        public CountingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int Sends => _sends;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            System.Threading.Interlocked.Increment(ref _sends);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
