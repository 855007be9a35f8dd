using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// The seed's recorded request bodies are byte for byte what the SDK sends under the default request shape (same
    /// fields in the same order, no nulls, nothing extra).
    /// </summary>
    public sealed class RequestBodyContractTests : IClassFixture<KlingServerFixture>
    {
        private static readonly Uri Portrait = new("https://example.com/portrait.jpg");
        private static readonly Uri Character = new("https://example.com/character.jpg");
        private static readonly Uri Scene = new("https://example.com/scene.jpg");
        private readonly KlingServerFixture _server;

        public RequestBodyContractTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
        }

        [Fact]
        public async Task SubmitAsync_TextToVideoPro_SendsRecordedBody()
            => await AssertSendsAsync("request-text-to-video.json", new VideoGenerationRequest("Golden hour city skyline, cinematic lens quality")
            {
                Mode = VideoMode.Professional,
                AspectRatio = AspectRatio.Landscape,
            });

        [Fact]
        public async Task SubmitAsync_OneImageReferenced_SendsRecordedBody()
            => await AssertSendsAsync("request-one-image.json", new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { Portrait })
            {
                Mode = VideoMode.Professional,
            });

        [Fact]
        public async Task SubmitAsync_TwoImagesFromBuilder_SendsRecordedBody()
        {
            var request = new PromptBuilder()
                .Text("The character in ").Image(Character)
                .Text(" walks toward the scene in ").Image(Scene)
                .Build();
            request.Mode = VideoMode.Professional;
            await AssertSendsAsync("request-two-images.json", request);
        }

        [Fact]
        public async Task SubmitAsync_ImagesWithoutReference_SendsRecordedAutoPrependBody()
            => await AssertSendsAsync("request-auto-prepend.json", new VideoGenerationRequest("Person slowly turns head and smiles", new[] { Portrait }));

        [Fact]
        public async Task SubmitAsync_CurlExample_SendsRecordedBody()
            => await AssertSendsAsync("request-curl-example.json", new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { Portrait })
            {
                AspectRatio = AspectRatio.Landscape,
            });

        [Fact]
        public async Task SubmitAsync_TenSecondsPortrait_SendsDurationAndRatio()
        {
            var request = new VideoGenerationRequest("A cat") { Duration = VideoDuration.TenSeconds, AspectRatio = AspectRatio.Portrait };
            var body = await SendAsync(request);
            Assert.Equal(10, body["duration"]!.GetValue<int>());
            Assert.Equal("9:16", body["aspect_ratio"]!.GetValue<string>());
            Assert.Null(body["image_urls"]);
        }

        [Fact]
        public async Task SubmitAsync_WatermarkOff_SendsItInMetadataUnderTheSeedShape()
        {
            var body = await SendAsync(new VideoGenerationRequest("A cat") { Watermark = false });

            Assert.False(body["metadata"]!["watermark"]!.GetValue<bool>());
            Assert.Null(body["metadata"]!["image_list"]);
        }

        private async Task AssertSendsAsync(string recorded, VideoGenerationRequest request)
            => Assert.Equal(Payloads.Read(recorded).TrimEnd(), await SendRawAsync(request));

        private async Task<JsonNode> SendAsync(VideoGenerationRequest request) => JsonNode.Parse(await SendRawAsync(request))!;

        private async Task<string> SendRawAsync(VideoGenerationRequest request)
        {
            using var client = _server.Client();
            await client.StartGenerationAsync(request);
            var entry = Assert.Single(_server.Received());
            Assert.Equal("POST", entry.RequestMessage!.Method);
            Assert.Equal(KlingServerFixture.GenerationsPath, entry.RequestMessage.Path);
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, entry.RequestMessage.Headers!["Authorization"].Single());
            Assert.StartsWith("application/json", entry.RequestMessage.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
            var body = entry.RequestMessage!.Body!;
            Assert.DoesNotContain("null", body, StringComparison.Ordinal);
            return body;
        }
    }
}
