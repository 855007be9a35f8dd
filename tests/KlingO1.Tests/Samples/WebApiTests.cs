using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Samples
{
    /// <summary>
    /// The WebApi sample over HTTP, in this process, against a simulator whose clock the test moves: a job ends exactly
    /// when the test says, by polling or by a signed webhook, and survives a restart without a second submit.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class WebApiTests : IDisposable
    {
        private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kling-webapi-");

        public void Dispose() => _folder.Delete(recursive: true);

        [Fact]
        public async Task PostVideo_TaskEnds_FinishesByPollingAndServesTheMp4()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one", WebApiService.FastPolling);

            var job = await service.PostAsync("{\"prompt\":\"A cat playing piano\"}");
            var id = job["id"]!.GetValue<string>();
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.Equal("queued", job["state"]!.GetValue<string>());
            await service.UntilAsync(id, j => j["state"]!.GetValue<string>() == "submitted");
            _clock.Advance(TimeSpan.FromMinutes(5));
            var done = await service.UntilAsync(id, IsFinished);

            Assert.Equal("completed", done["state"]!.GetValue<string>());
            Assert.Equal("polling", done["finishedBy"]!.GetValue<string>());
            Assert.Equal(100, done["progress"]!.GetValue<int>());
            Assert.Equal($"/videos/{id}/video", done["videoUrl"]!.GetValue<string>());
            Assert.Equal(id, Assert.Single(simulator.Tasks).ClientBusinessId);
            using var video = await service.Http.GetAsync(done["videoUrl"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, video.StatusCode);
            Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), await video.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task Webhook_VerifiedEventForAJob_FinishesItByWebhookOnceAndSavesTheVideo()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one", WebApiService.NoPollingSoon);
            var id = (await service.PostAsync("{\"prompt\":\"A cat playing piano\",\"mode\":\"pro\",\"duration\":10}"))["id"]!.GetValue<string>();
            var taskId = (await service.UntilAsync(id, j => j["state"]!.GetValue<string>() == "submitted"))["taskId"]!.GetValue<string>();
            _clock.Advance(TimeSpan.FromMinutes(5));
            var webhook = new SignedWebhook(simulator, taskId, id);

            using var forged = await webhook.PostAsync(service, "whsec_wrong");
            using var delivered = await webhook.PostAsync(service, WebApiService.WebhookSecret);
            using var redelivered = await webhook.PostAsync(service, WebApiService.WebhookSecret);
            var done = await service.UntilAsync(id, IsFinished);

            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
            Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
            Assert.Equal("completed", done["state"]!.GetValue<string>());
            Assert.Equal("webhook", done["finishedBy"]!.GetValue<string>());
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), await service.Http.GetByteArrayAsync($"/videos/{id}/video"));
        }

        [Fact]
        public async Task Webhook_EventForNoJobOfOurs_Answers404SoTheServiceDeliversItAgain()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var response = await new SignedWebhook(simulator, "video_not_ours", "0123456789abcdef0123456789abcdef").PostAsync(service, WebApiService.WebhookSecret);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        [Fact]
        public async Task Restart_OnTheSameFile_FinishesTheSameTaskWithoutASecondSubmit()
        {
            await using var simulator = await StartSimulatorAsync();
            string id;
            string taskId;
            await using (var first = await WebApiService.StartAsync(simulator, _folder.FullName, "first", WebApiService.FastPolling))
            {
                id = (await first.PostAsync("{\"prompt\":\"A lighthouse in a storm\"}"))["id"]!.GetValue<string>();
                taskId = (await first.UntilAsync(id, j => j["state"]!.GetValue<string>() == "submitted"))["taskId"]!.GetValue<string>();
            }

            await using var second = await WebApiService.StartAsync(simulator, _folder.FullName, "second", WebApiService.FastPolling);
            _clock.Advance(TimeSpan.FromMinutes(5));
            var done = await second.UntilAsync(id, IsFinished);

            Assert.Equal("completed", done["state"]!.GetValue<string>());
            Assert.Equal(taskId, done["taskId"]!.GetValue<string>());
            Assert.Single(simulator.Tasks);
            Assert.True(File.Exists(Path.Combine(_folder.FullName, "videos", id + ".mp4")));
        }

        [Fact]
        public async Task TwoServicesInOneProcess_BuiltBeforeEitherStarts_EachRunsItsOwnJobs()
        {
            // Hangfire keeps one storage, container and filter list per process, set by whichever application
            // configured it last; an application that relied on them would queue or run its jobs in the other one.
            await using var simulator = await StartSimulatorAsync();
            var second = _folder.CreateSubdirectory("second");
            await using var one = await WebApiService.BuildAsync(simulator, _folder.FullName, "one", WebApiService.FastPolling);
            await using var two = await WebApiService.BuildAsync(simulator, second.FullName, "two", WebApiService.FastPolling);
            await one.StartAsync();
            await two.StartAsync();

            var inOne = (await one.PostAsync("{\"prompt\":\"A lighthouse in a storm\"}"))["id"]!.GetValue<string>();
            var inTwo = (await two.PostAsync("{\"prompt\":\"A cat playing piano\"}"))["id"]!.GetValue<string>();
            await one.UntilAsync(inOne, j => j["state"]!.GetValue<string>() == "submitted");
            await two.UntilAsync(inTwo, j => j["state"]!.GetValue<string>() == "submitted");
            _clock.Advance(TimeSpan.FromMinutes(5));

            Assert.Equal("completed", (await one.UntilAsync(inOne, IsFinished))["state"]!.GetValue<string>());
            Assert.Equal("completed", (await two.UntilAsync(inTwo, IsFinished))["state"]!.GetValue<string>());
            Assert.True(File.Exists(Path.Combine(_folder.FullName, "videos", inOne + ".mp4")));
            Assert.True(File.Exists(Path.Combine(second.FullName, "videos", inTwo + ".mp4")));
            Assert.Equal(new[] { inOne, inTwo }.OrderBy(id => id), simulator.Tasks.Select(t => t.ClientBusinessId).OrderBy(id => id));
        }

        [Fact]
        public async Task ListVideos_NewestFirst()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");
            var older = (await service.PostAsync("{\"prompt\":\"First\"}"))["id"]!.GetValue<string>();
            var newer = (await service.PostAsync("{\"prompt\":\"Second\"}"))["id"]!.GetValue<string>();

            var jobs = JsonNode.Parse(await service.Http.GetStringAsync("/videos?limit=10"))!["jobs"]!.AsArray();

            Assert.Equal(new[] { newer, older }, jobs.Select(j => j!["id"]!.GetValue<string>()));
        }

        [Theory]
        [InlineData("{\"prompt\":\"\"}")]
        [InlineData("{\"prompt\":\"A cat\",\"mode\":\"ultra\"}")]
        [InlineData("{\"prompt\":\"A cat\",\"duration\":7}")]
        [InlineData("{\"prompt\":\"The <<<image_1>>> cat\"}")]
        [InlineData("not json")]
        public async Task PostVideo_BadRequest_RefusedWithProblemDetails(string body)
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var response = await service.Http.PostAsync("/videos", new StringContent(body, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task Endpoints_WithoutTheKey_401WithTheChallenge_ButHealthAndThePageAreOpen()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var noKey = await service.Anonymous.GetAsync("/videos");
            using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
            wrongKey.Headers.Add("X-Api-Key", WebApiService.ServiceKey + "x");
            using var wrong = await service.Anonymous.SendAsync(wrongKey);
            var health = JsonNode.Parse(await service.Anonymous.GetStringAsync("/health"))!;
            var page = await service.Anonymous.GetStringAsync("/");
            var openApi = await service.Http.GetStringAsync("/openapi/v1.json");

            Assert.All(new[] { noKey, wrong }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            Assert.All(new[] { noKey, wrong }, r => Assert.Equal("ApiKey", r.Headers.WwwAuthenticate.ToString()));
            Assert.Empty(await wrong.Content.ReadAsByteArrayAsync());
            Assert.Equal("healthy", health["status"]!.GetValue<string>());
            Assert.Equal("one", health["instance"]!.GetValue<string>());
            Assert.Equal("Sqlite", health["storage"]!.GetValue<string>());
            Assert.Contains("id=\"jobs\"", page, StringComparison.Ordinal);
            Assert.Contains("\"/videos\"", openApi, StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetVideo_Unknown_404()
        {
            await using var simulator = await StartSimulatorAsync();
            await using var service = await WebApiService.StartAsync(simulator, _folder.FullName, "one");

            using var job = await service.Http.GetAsync("/videos/0123456789abcdef0123456789abcdef");
            using var video = await service.Http.GetAsync("/videos/..%2F..%2Fjobs.db/video");

            Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, video.StatusCode);
        }

        private static bool IsFinished(JsonNode job) => job["state"]!.GetValue<string>() is "completed" or "failed";

        private Task<KlingSimulator> StartSimulatorAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
