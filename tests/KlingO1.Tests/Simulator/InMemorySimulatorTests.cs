using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The in-memory simulator: <see cref="KlingSimulator.CreateInMemory"/> has no server, and the handler from
    /// <see cref="KlingSimulator.CreateHandler"/> runs requests straight through the simulator. The SDK sees what it sees
    /// over loopback (answers, headers, faults, the request log), on the simulator's fake clock, with no socket.
    /// </summary>
    public sealed class InMemorySimulatorTests : IAsyncDisposable
    {
        // The longest timer a wait arms: while the end is far, up to four 15 s longest intervals (issue 17).
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15 * KlingO1.Polling.ProgressAwareSchedule.FarIntervals);

        // A real 1x1 PNG.
        private static readonly byte[] Png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

        private readonly ManualClock _clock = new();
        private readonly KlingSimulator _simulator;
        private readonly HttpMessageHandler _handler;

        public InMemorySimulatorTests()
        {
            _simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            _handler = _simulator.CreateHandler();
        }

        public async ValueTask DisposeAsync()
        {
            _handler.Dispose();
            await _simulator.DisposeAsync();
        }

        [Fact]
        public async Task GenerateAsync_OnFakeTime_CompletesAndTheVideoDownloadsThroughTheSameHandler()
        {
            using var client = Client();
            var progress = new RecordingProgress();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A red fox runs through fresh snow"), progress);
            await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;
            using var video = new MemoryStream();
            var bytes = await client.DownloadVideoAsync(task, video);

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new[] { "queued", "in_progress", "completed" }, progress.Reports.Select(r => r.Status.Value).Distinct());
            Assert.Equal(new Uri(_simulator.BaseAddress, "files/videos/" + task.Id + "/output.mp4"), task.VideoUrl);
            Assert.Equal(KlingSimulator.VideoContent.Length, bytes);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), video.ToArray());
            Assert.Equal(task.Id, Assert.Single(_simulator.Tasks).Id);
        }

        [Fact]
        public async Task Requests_InMemory_AreLoggedWithTheirStatusAndAuthorization()
        {
            using var client = Client();
            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;
            await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync("video_missing"));
            using var keyless = Client(apiKey: "not_the_key");
            await Assert.ThrowsAsync<KlingAuthenticationException>(() => keyless.GetTaskAsync(task.Id));

            var log = _simulator.Requests.Select(r => r.ToString()).ToArray();

            Assert.Equal(
                new[] { "POST /v1/videos/generations -> 200", "GET /v1/videos/generations/video_missing -> 404", $"GET /v1/videos/generations/{task.Id} -> 401" },
                log);
            Assert.All(_simulator.Requests, r => Assert.True(r.HadAuthorization));
            Assert.All(_simulator.Requests, r => Assert.Equal(_clock.GetUtcNow(), r.At));
        }

        [Fact]
        public async Task SubmitAsync_LostSubmitResponse_ThrowsOutcomeUnknownWhileExactlyOneTaskExists()
        {
            using var client = Client();
            _simulator.Faults.LoseSubmitResponses(1);

            var unknown = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            var dropped = Assert.IsType<HttpRequestException>(unknown.InnerException);
            Assert.Equal(HttpRequestError.ResponseEnded, dropped.HttpRequestError);
            Assert.Single(_simulator.Tasks);
            Assert.Equal(0, Assert.Single(_simulator.Requests).StatusCode);
        }

        [Fact]
        public async Task UploadImageAsync_InMemory_StoresTheImageAndTheFileHostServesIt()
        {
            using var client = Client();
            using var http = new HttpClient(_simulator.CreateHandler());

            var upload = await client.UploadImageAsync(new MemoryStream(Png), "dot.png");
            var served = await http.GetByteArrayAsync(upload.Url);

            Assert.Equal("image/png", upload.MimeType);
            Assert.Equal(Png.Length, upload.Size);
            Assert.Equal(_simulator.BaseAddress.GetLeftPart(UriPartial.Authority), upload.Url.GetLeftPart(UriPartial.Authority));
            Assert.Equal(Png, served);
        }

        [Fact]
        public async Task SubmitAsync_LatencyFault_AnswersOnlyAfterTheSimulatorClockMoves()
        {
            using var client = Client();
            _simulator.Faults.Latency = TimeSpan.FromSeconds(2);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var due = await _clock.NextTimerAsync(TimeSpan.FromSeconds(5));
            var completedBeforeAdvance = submit.IsCompleted;
            _clock.Advance(due);
            var task = (await submit).Latest!;

            Assert.Equal(TimeSpan.FromSeconds(2), due);
            Assert.False(completedBeforeAdvance);
            Assert.Equal(VideoTaskStatus.Queued, task.Status);
        }

        [Fact]
        public async Task Send_ClientGivesUpDuringLatency_ThrowsCancelledAndTheRequestIsLoggedUnanswered()
        {
            using var http = new HttpClient(_simulator.CreateHandler());
            _simulator.Faults.Latency = TimeSpan.FromSeconds(2);
            using var giveUp = new CancellationTokenSource();
            using var request = Authorized(HttpMethod.Get, "v1/balance");

            var send = http.SendAsync(request, giveUp.Token);
            await _clock.NextTimerAsync(TimeSpan.FromSeconds(5));
            await giveUp.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
            Assert.Equal(0, Assert.Single(_simulator.Requests).StatusCode);
        }

        [Fact]
        public async Task Send_RateLimitedSubmit_CarriesTheHeadersAndBodyOfTheService()
        {
            using var http = new HttpClient(_simulator.CreateHandler());
            _simulator.Faults.RateLimitSubmits(1, TimeSpan.FromSeconds(2.2));
            using var request = Authorized(HttpMethod.Post, "v1/videos/generations");
            request.Content = new StringContent("""{"model":"kling-video-o1","prompt":"A cat"}""", Encoding.UTF8, "application/json");

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
            Assert.Equal("async_submit", response.Headers.GetValues("X-RateLimit-Category").Single());
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
            Assert.Contains("rate_limit_exceeded", body, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Send_QueryAndEscapedTaskId_ReachTheEndpointAsOverLoopback()
        {
            using var client = Client();
            var task = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            using var http = new HttpClient(_simulator.CreateHandler());
            using var request = Authorized(HttpMethod.Get, "v1/videos/generations/" + Uri.EscapeDataString(task.Id) + "?fields=all");

            using var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(task.Id, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task CreateInMemory_OpensNoServer_AndTheHandlerPassesNothingToTheNetwork()
        {
            using var http = new HttpClient(_simulator.CreateHandler());

            var elsewhere = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://127.0.0.1:9/v1/balance")));

            Assert.Null(_simulator.HostServices);
            Assert.Equal(new Uri("http://localhost/"), _simulator.BaseAddress);
            Assert.Equal(HttpRequestError.ConnectionError, elsewhere.HttpRequestError);
            Assert.Empty(_simulator.Requests);
        }

        [Fact]
        public async Task CreateHandler_AfterDispose_FailsAsAStoppedServer()
        {
            var simulator = KlingSimulator.CreateInMemory();
            using var http = new HttpClient(simulator.CreateHandler());
            await simulator.DisposeAsync();

            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(simulator.BaseAddress, "v1/balance")));

            Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        }

        [Fact]
        public async Task DisposeAsync_WhileARequestWaits_DropsItAsAStoppingServer()
        {
            var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = new HttpClient(simulator.CreateHandler());
            simulator.Faults.Latency = TimeSpan.FromSeconds(2);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.BaseAddress, "v1/balance"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);

            var send = http.SendAsync(request);
            await _clock.NextTimerAsync(TimeSpan.FromSeconds(5));
            await simulator.DisposeAsync();

            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => send);
            Assert.Equal(HttpRequestError.ResponseEnded, ex.HttpRequestError);
        }

        [Fact]
        public async Task CreateHandler_OnALoopbackSimulator_AnswersItsAddressInMemory()
        {
            await using var loopback = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            using var client = new KlingVideoClient(
                loopback.CreateHandler(),
                new KlingVideoClientOptions { ApiKey = loopback.ApiKey, BaseAddress = loopback.BaseAddress, TimeProvider = _clock },
                disposeHandler: true);
            loopback.Faults.LoseSubmitResponses(1);

            var unknown = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            var next = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;

            // The in-memory path's own account of a dropped connection, not a socket's.
            Assert.Equal("The simulator closed the connection without answering.", unknown.InnerException!.Message);
            Assert.Equal(VideoTaskStatus.Queued, next.Status);
            Assert.Equal(2, loopback.Tasks.Count);
        }

        [Fact]
        public void CreateInMemory_UnusableSetting_ThrowsArgumentException()
        {
            Assert.Throws<ArgumentException>(() => KlingSimulator.CreateInMemory(new KlingSimulatorOptions { ApiKey = " " }));
        }

        private KlingVideoClient Client(string? apiKey = null)
            => new(_handler, new KlingVideoClientOptions
            {
                ApiKey = apiKey ?? _simulator.ApiKey,
                BaseAddress = _simulator.BaseAddress,
                TimeProvider = _clock,
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
            });

        private HttpRequestMessage Authorized(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, new Uri(_simulator.BaseAddress, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _simulator.ApiKey);
            return request;
        }
    }
}
