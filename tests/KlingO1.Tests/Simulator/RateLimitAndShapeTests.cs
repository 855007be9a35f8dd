using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>The documented rate-limit tiers, and the simulator's answers against the recorded payload shapes.</summary>
    public sealed class RateLimitAndShapeTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task Submit_DefaultTierBurstExceeded_Answers429UntilTheWindowResets()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock, RateLimits = SimulatorRateLimits.DefaultTier });
            using var client = Client(simulator);
            for (var i = 0; i < 50; i++)
            {
                await client.StartGenerationAsync(new VideoGenerationRequest("A cat " + i));
            }

            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.StartGenerationAsync(new VideoGenerationRequest("One too many")));

            Assert.Equal(50, simulator.Tasks.Count);
            Assert.InRange(ex.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
            _clock.Advance(ex.RetryAfter.Value);
            await client.StartGenerationAsync(new VideoGenerationRequest("After the wait"));
            Assert.Equal(51, simulator.Tasks.Count);
        }

        [Fact]
        public async Task Status_DefaultTierBurstExceeded_Answers429WithQueryCategory()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock, RateLimits = SimulatorRateLimits.DefaultTier });
            using var http = Http(simulator);
            var task = await Client(simulator).StartGenerationAsync(new VideoGenerationRequest("A cat"));
            for (var i = 0; i < 500; i++)
            {
                using var ok = await http.GetAsync(new Uri(simulator.BaseAddress, "v1/videos/generations/" + task.Id));
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }

            using var limited = await http.GetAsync(new Uri(simulator.BaseAddress, "v1/videos/generations/" + task.Id));

            Assert.Equal((HttpStatusCode)429, limited.StatusCode);
            Assert.Equal("async_query", limited.Headers.GetValues("X-RateLimit-Category").Single());
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        [Fact]
        public async Task Submit_WithoutRateLimits_NeverLimits()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            using var client = Client(simulator);
            for (var i = 0; i < 60; i++)
            {
                await client.StartGenerationAsync(new VideoGenerationRequest("A cat " + i));
            }

            Assert.Equal(60, simulator.Tasks.Count);
        }

        [Theory]
        [InlineData("submit-response.json", 0)]
        [InlineData("task-queued.json", 1)]
        [InlineData("task-in-progress.json", 30)]
        [InlineData("task-completed.json", 600)]
        public async Task TaskAnswers_HaveTheRecordedShape(string recorded, int secondsLater)
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = Http(simulator);
            using var submit = await http.PostAsync(new Uri(simulator.BaseAddress, "v1/videos/generations"),
                new StringContent("{\"model\":\"kling-video-o1\",\"prompt\":\"A cat\"}", Encoding.UTF8, "application/json"));
            var submitted = JsonNode.Parse(await submit.Content.ReadAsStringAsync())!;
            _clock.Advance(TimeSpan.FromSeconds(secondsLater));

            var answer = secondsLater == 0 ? submitted
                : JsonNode.Parse(await http.GetStringAsync(new Uri(simulator.BaseAddress, "v1/videos/generations/" + submitted["id"])))!;

            JsonShape.AssertSame(Payloads.Json(recorded), answer, "$");
        }

        [Fact]
        public async Task FailedTask_HasTheRecordedShape()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            var task = await Client(simulator).StartGenerationAsync(new VideoGenerationRequest("A cat [fail]"));
            _clock.Advance(TimeSpan.FromMinutes(10));
            using var http = Http(simulator);

            var answer = JsonNode.Parse(await http.GetStringAsync(new Uri(simulator.BaseAddress, "v1/videos/generations/" + task.Id)))!;

            JsonShape.AssertSame(Payloads.Json("task-failed.json"), answer, "$");
            Assert.Equal(Payloads.Json("task-failed.json")["error"]!.ToJsonString(), answer["error"]!.ToJsonString());
        }

        [Theory]
        [InlineData("v1/videos/generations/video_unknown", "error-404.json")]
        public async Task ErrorAnswers_MatchTheRecordedBodies(string path, string recorded)
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = Http(simulator);

            var answer = JsonNode.Parse(await (await http.GetAsync(new Uri(simulator.BaseAddress, path))).Content.ReadAsStringAsync())!;

            Assert.True(JsonNode.DeepEquals(Payloads.Json(recorded), answer), answer.ToJsonString());
        }

        [Fact]
        public async Task Unauthorized_MatchesTheRecordedBody()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
            using var http = new HttpClient();

            var answer = JsonNode.Parse(await (await http.GetAsync(new Uri(simulator.BaseAddress, "v1/videos/generations/x"))).Content.ReadAsStringAsync())!;

            Assert.True(JsonNode.DeepEquals(Payloads.Json("error-401.json"), answer), answer.ToJsonString());
        }

        private KlingVideoClient Client(KlingSimulator simulator)
            => new(new HttpClient(), new KlingVideoClientOptions { ApiKey = simulator.ApiKey, BaseAddress = simulator.BaseAddress, Retry = new KlingRetryOptions { MaxAttempts = 1 } }, _clock);

        private static HttpClient Http(KlingSimulator simulator)
        {
            var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            return http;
        }
    }
}
