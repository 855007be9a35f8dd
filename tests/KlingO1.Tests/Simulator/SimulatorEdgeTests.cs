using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// Edges a user or a hostile client reaches: a stop with a request in flight, settings changed after the start, a
    /// request the server itself refuses, ids with a percent sign, malformed uploads, HEAD, and submit fields of the
    /// wrong type. Each runs over loopback and in memory where both apply, since the two must answer alike.
    /// </summary>
    public sealed class SimulatorEdgeTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task DisposeAsync_LoopbackWithARequestInFlight_StopsAtOnceAndDropsIt()
        {
            var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            simulator.Faults.Latency = TimeSpan.FromMinutes(5);
            using var http = new HttpClient();
            using var request = Authorized(simulator, HttpMethod.Get, "v1/balance");
            var send = http.SendAsync(request);
            await _clock.NextTimerAsync(TimeSpan.FromMinutes(5));

            var stopping = Stopwatch.StartNew();
            await simulator.DisposeAsync();

            // The host's default is to wait 30 s for running requests; the in-memory simulator drops them at once.
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {stopping.Elapsed}.");
            await Assert.ThrowsAsync<HttpRequestException>(() => send);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Options_ChangedAfterTheStart_DoNotChangeTheRunningSimulator(bool inMemory)
        {
            var options = new KlingSimulatorOptions { TimeProvider = _clock };
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory(options) : await KlingSimulator.StartAsync(options);

            // Reused for another simulator, or changed by mistake: the running one keeps the settings it was checked with.
            options.ApiKey = "another_key";
            options.TimeScale = double.NaN;
            options.FailurePromptMarker = "cat";
            using var client = simulator.CreateClient();
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var read = await client.GetTaskAsync(submitted.Id);

            Assert.Equal("sim_test_key", simulator.ApiKey);
            Assert.Equal(VideoTaskStatus.Queued, read.Status);
            Assert.False(Assert.Single(simulator.Tasks).WillFail);
            Assert.Equal(TimeSpan.FromSeconds(5), simulator.CreateClientOptions().Polling.InitialDelay);
        }

        [Fact]
        public async Task Requests_RefusedByTheServerItself_AreLoggedWithTheStatusTheClientGot()
        {
            await using var simulator = await KlingSimulator.StartAsync();
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, simulator.BaseAddress.Port);
            var stream = tcp.GetStream();

            // A chunked body whose chunk size is not hex: Kestrel answers 400 when the endpoint reads it.
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "POST /v1/videos/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sim_test_key\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
            var answer = new byte[4096];
            var read = await stream.ReadAsync(answer);
            var statusLine = Encoding.ASCII.GetString(answer, 0, read).Split("\r\n")[0];

            Assert.Equal("HTTP/1.1 400 Bad Request", statusLine);
            Assert.Equal("POST /v1/videos/generations -> 400", Assert.Single(simulator.Requests).ToString());
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task GetTask_IdWithAPercentSign_IsDecodedOnceAsTheClientEncodedIt(bool inMemory)
        {
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory() : await KlingSimulator.StartAsync();
            using var http = Http(simulator, inMemory);
            await SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, """{"model":"kling-video-o1","prompt":"A cat","client_business_id":"order%41"}""");
            await SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, """{"model":"kling-video-o1","prompt":"A dog","client_business_id":"orderA"}""");

            var (status, body) = await SendAsync(http, simulator, HttpMethod.Get, "v1/videos/generations/" + Uri.EscapeDataString("order%41"));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("\"client_business_id\":\"order%41\"", body, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true, "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
        [InlineData(false, "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\nabc")]
        [InlineData(true, "multipart/form-data", "--b\r\n\r\n--b--\r\n")]
        [InlineData(false, "multipart/form-data", "--b\r\n\r\n--b--\r\n")]
        public async Task Upload_MalformedMultipartBody_IsRefusedAs400WithTheServiceError(bool inMemory, string contentType, string body)
        {
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory() : await KlingSimulator.StartAsync();
            using var http = Http(simulator, inMemory);
            var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

            var (status, answer) = await SendAsync(http, simulator, HttpMethod.Post, "v1/uploads/images", content);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("\"success\":false", answer, StringComparison.Ordinal);
            Assert.Equal("POST /v1/uploads/images -> 400", Assert.Single(simulator.Requests).ToString());
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task Head_IsAnsweredWithHeadersAndNoBody(bool inMemory)
        {
            // HEAD has no endpoint: the service's 400, whose body a server never sends for HEAD (only its length).
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory() : await KlingSimulator.StartAsync();
            using var http = Http(simulator, inMemory);
            using var head = Authorized(simulator, HttpMethod.Head, "v1/balance");

            using var answer = await http.SendAsync(head);

            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
            Assert.True(answer.Content.Headers.ContentLength > 0);
            Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task GetTask_EmptyId_IsNotFoundEvenWhenATaskCarriesAnEmptyBusinessId(bool inMemory)
        {
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory() : await KlingSimulator.StartAsync();
            using var http = Http(simulator, inMemory);
            await SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, """{"model":"kling-video-o1","prompt":"A cat","client_business_id":""}""");

            var (status, _) = await SendAsync(http, simulator, HttpMethod.Get, "v1/videos/generations/");

            Assert.Equal(HttpStatusCode.NotFound, status);
        }

        [Theory]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","client_business_id":123}""", "client_business_id")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","client_business_id":{"id":"order-1"}}""", "client_business_id")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","metadata":{"client_business_id":true}}""", "client_business_id")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","metadata":{"watermark":"false"}}""", "metadata.watermark")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","metadata":{"watermark":0}}""", "metadata.watermark")]
        public async Task Submit_FieldOfTheWrongType_IsRefusedNamingIt(string body, string field)
        {
            await using var simulator = KlingSimulator.CreateInMemory();
            using var http = Http(simulator, inMemory: true);

            var (status, answer) = await SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, body);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(field, answer, StringComparison.Ordinal);
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","client_business_id":null,"metadata":{"watermark":null}}""")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","metadata":{"watermark":false,"client_business_id":"order-1"}}""")]
        public async Task Submit_NullsAndFieldsOfTheirTypes_AreAccepted(string body)
        {
            await using var simulator = KlingSimulator.CreateInMemory();
            using var http = Http(simulator, inMemory: true);

            var (status, answer) = await SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, body);

            Assert.True(status == HttpStatusCode.OK, answer);
            Assert.Single(simulator.Tasks);
        }

        [Theory]
        [InlineData(true, 100)]
        [InlineData(false, 100)]
        [InlineData(true, 5)]
        [InlineData(false, 5)]
        public async Task Send_ContentLongerOrShorterThanItsContentLength_FailsAsOverASocket(bool inMemory, long promised)
        {
            // A content that lies about its length is the client's bug: a socket refuses to send it, so must memory.
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory() : await KlingSimulator.StartAsync();
            using var http = Http(simulator, inMemory);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"model":"kling-video-o1","prompt":"A cat"}"""));
            content.Headers.ContentLength = promised;
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(http, simulator, HttpMethod.Post, SimulatorHttp.GenerationsPath, content));

            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task Latency_LongerThanATimerTakes_IsWaitedOutOnTheSimulatorClock()
        {
            // A timer takes at most about 49.7 days; a longer latency (TimeSpan.MaxValue: "never answer") is no 500.
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = Http(simulator, inMemory: true);
            simulator.Faults.Latency = TimeSpan.FromDays(60);

            var send = SendAsync(http, simulator, HttpMethod.Get, "v1/balance");
            var slept = await _clock.DriveAsync(send, TimeSpan.FromDays(50));

            Assert.Equal(HttpStatusCode.OK, (await send).Status);
            Assert.Equal(TimeSpan.FromDays(60), new TimeSpan(slept.Sum(t => t.Ticks)));
        }

        [Fact]
        public async Task Latency_MaxValue_NeverAnswersUntilTheClientGivesUp()
        {
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = Http(simulator, inMemory: true);
            simulator.Faults.Latency = TimeSpan.MaxValue;
            using var giveUp = new System.Threading.CancellationTokenSource();
            using var request = Authorized(simulator, HttpMethod.Get, "v1/balance");

            var send = http.SendAsync(request, giveUp.Token);
            await _clock.NextTimerAsync(TimeSpan.MaxValue);
            Assert.False(send.IsCompleted);
            await giveUp.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
            Assert.Equal("GET /v1/balance -> 0", Assert.Single(simulator.Requests).ToString());
        }

        [Fact]
        public async Task StartAsync_Host_AddsNoSpansOrMetricsToTheAppsTelemetry()
        {
            // An app exporting its server spans and http.server.* metrics must not find the simulator's requests among them.
            var traceId = ActivityTraceId.CreateRandom();
            var spans = new System.Collections.Concurrent.ConcurrentBag<string>();
            using var spanListener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == traceId)
                    {
                        spans.Add(activity.OperationName);
                    }
                },
            };
            ActivitySource.AddActivityListener(spanListener);
            await using var simulator = await KlingSimulator.StartAsync();
            var meterFactory = simulator.HostServices!.GetRequiredService<IMeterFactory>();
            var meters = new System.Collections.Concurrent.ConcurrentBag<string>();
            using var meterListener = new MeterListener
            {
                InstrumentPublished = (instrument, _) =>
                {
                    if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
                    {
                        meters.Add(instrument.Meter.Name);
                    }
                },
            };
            meterListener.Start();
            using var http = new HttpClient();
            using var request = Authorized(simulator, HttpMethod.Get, "v1/balance");
            request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

            using var answer = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Empty(spans);
            Assert.NotEmpty(meters);
            Assert.All(meters, name => Assert.StartsWith("KlingO1.Testing.Simulator.", name, StringComparison.Ordinal));
        }

        private static HttpClient Http(KlingSimulator simulator, bool inMemory) => inMemory ? new HttpClient(simulator.CreateHandler()) : new HttpClient();

        private static HttpRequestMessage Authorized(KlingSimulator simulator, HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, new Uri(simulator.BaseAddress + path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            return request;
        }

        private static Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, KlingSimulator simulator, HttpMethod method, string path, string json)
            => SendAsync(http, simulator, method, path, new StringContent(json, Encoding.UTF8, "application/json"));

        private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, KlingSimulator simulator, HttpMethod method, string path, HttpContent? content = null)
        {
            using var request = Authorized(simulator, method, path);
            request.Content = content;
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
