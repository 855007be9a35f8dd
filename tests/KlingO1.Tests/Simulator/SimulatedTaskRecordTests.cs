using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// Everything a submit carried is on <see cref="SimulatedTask"/>, so a test asserts on what the SDK sent without a
    /// recording handler of its own.
    /// </summary>
    public sealed class SimulatedTaskRecordTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task SubmitAsync_SubjectElementImageAndOptions_AllVisibleOnTheTask()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var request = new PromptBuilder()
                .Element(new SubjectElement(KlingImageSource.FromUrl(new Uri("https://example.com/hero.png")), type: "image", role: "subject"))
                .Text(" walks a dog through the market in ").Image("https://example.com/market.jpg")
                .Build();
            request.Duration = VideoDuration.FromSeconds(7);
            request.AspectRatio = AspectRatio.Portrait;
            request.Watermark = false;
            request.ClientBusinessId = "order-42";

            await client.StartGenerationAsync(request);

            var task = Assert.Single(simulator.Tasks);
            Assert.True(task.UsesOmniShape);
            Assert.Equal("<<<element_1>>> walks a dog through the market in <<<image_1>>>", task.Prompt);
            Assert.Equal(7, task.DurationSeconds);
            Assert.Equal("9:16", task.AspectRatio);
            Assert.False(task.Watermark);
            Assert.Equal("order-42", task.ClientBusinessId);
            var element = Assert.Single(task.Elements);
            Assert.Equal(("https://example.com/hero.png", "image", "subject"), (element.Url, element.Type, element.Role));
            var image = Assert.Single(task.Images);
            Assert.Equal(("https://example.com/market.jpg", (string?)null), (image.Url, image.Type));
            Assert.Equal(new[] { "https://example.com/market.jpg" }, task.ImageUrls);
            Assert.Null(task.ReferenceVideo);
            Assert.False(task.Audio);
            Assert.Contains("\"element_list\"", task.RequestBody, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_FirstAndEndFrames_AreTheTasksFrames()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var request = new PromptBuilder()
                .Text("Start on ").FirstFrame("https://example.com/dawn.jpg")
                .Text(", end on ").EndFrame("https://example.com/dusk.jpg")
                .Build();

            await client.StartGenerationAsync(request);

            var task = Assert.Single(simulator.Tasks);
            Assert.Equal("https://example.com/dawn.jpg", task.FirstFrameUrl);
            Assert.Equal("https://example.com/dusk.jpg", task.EndFrameUrl);
            Assert.Equal(new[] { "first_frame", "end_frame" }, task.Images.Select(i => i.Type));
        }

        [Fact]
        public async Task SubmitAsync_FeatureReferenceVideo_IsTheTasksReferenceVideo()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var request = new PromptBuilder()
                .Text("A fox runs through snow, moving like the dancer in ")
                .Video(new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/dance.mp4")), ReferenceVideoType.Feature, keepOriginalSound: true))
                .Build();

            await client.StartGenerationAsync(request);

            var video = Assert.Single(simulator.Tasks).ReferenceVideo;
            Assert.NotNull(video);
            Assert.Equal(("https://example.com/dance.mp4", "feature", true), (video!.Url, video.ReferType, video.KeepOriginalSound));
        }

        [Fact]
        public async Task SubmitAsync_GeneratedAudio_IsRecorded()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());

            await client.StartGenerationAsync(new VideoGenerationRequest("Waves crash on a rocky shore at dusk") { GenerateAudio = true });

            var task = Assert.Single(simulator.Tasks);
            Assert.True(task.Audio);
            Assert.True(task.UsesOmniShape);
            Assert.Null(task.Watermark);
        }

        [Fact]
        public async Task SubmitAsync_ImageUrlsShape_ImagesAreReferencesAndTheShapeIsTheOriginal()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());

            await client.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> waves", new[] { new Uri("https://example.com/1.jpg") }));

            var task = Assert.Single(simulator.Tasks);
            Assert.False(task.UsesOmniShape);
            Assert.Equal(new[] { "https://example.com/1.jpg" }, task.ImageUrls);
            Assert.All(task.Images, i => Assert.Null(i.Type));
            Assert.Null(task.FirstFrameUrl);
        }

        [Fact]
        public async Task Submit_CallbackUrlAndBusinessIdInMetadata_AreRecorded()
        {
            // A callback_url needs the key's webhook configuration (else 400 webhook_not_configured). The fake clock never
            // reaches the task's end here, so nothing is delivered to it.
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeProvider = _clock,
                Webhook = new SimulatorWebhookOptions(new Uri("https://hooks.example.com/kling"), "whsec_record"),
            });
            var body = """{"model":"kling-video-o1","prompt":"A cat","callback_url":"https://hooks.example.com/kling?order=7","metadata":{"client_business_id":"order-7","watermark":true}}""";

            using var response = await PostAsync(simulator, body);

            var task = Assert.Single(simulator.Tasks);
            Assert.Equal("https://hooks.example.com/kling?order=7", task.CallbackUrl);
            Assert.Equal("order-7", task.ClientBusinessId);
            Assert.True(task.Watermark);
            Assert.Equal(body, task.RequestBody);
            Assert.Equal("std", task.Mode);
            Assert.Equal(5, task.DurationSeconds);
        }

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });

        internal static async Task<HttpResponseMessage> PostAsync(KlingSimulator simulator, string json)
        {
            using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/videos/generations") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response;
        }
    }
}
