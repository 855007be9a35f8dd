using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Media;

namespace KlingO1.Tests.Simulator
{
    /// <summary>The simulator's error bodies against the documented examples (Payloads/Documented), word for word.</summary>
    public sealed class DocumentedErrorTests
    {
        private readonly ManualClock _clock = new();

        [Theory]
        [InlineData("v1/uploads/images", "png-as-text", "uploads-images.en.error-400-unsupported.response.json")]
        [InlineData("v1/uploads/images", "too-large-image", "uploads-images.en.error-400-too-large.response.json")]
        [InlineData("v1/uploads/videos", "png", "uploads-videos.en.error-400-unsupported.response.json")]
        [InlineData("v1/uploads/videos", "too-large-video", "uploads-videos.en.error-400-too-large.response.json")]
        public async Task UploadRefusal_IsTheDocumentedBody(string path, string content, string documented)
        {
            await using var simulator = await StartAsync();
            var bytes = content switch
            {
                "png-as-text" => "not an image"u8.ToArray(),
                "too-large-image" => Padded(TestImages.Png, (10 * 1024 * 1024) + 1),
                "png" => TestImages.Png,
                _ => Padded(TestVideos.Mp4, (50 * 1024 * 1024) + 1),
            };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseAddress, path)) { Content = new MultipartFormDataContent { { file, "file", "upload.bin" } } };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);

            using var response = await http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented(documented), body), body!.ToJsonString());
        }

        [Fact]
        public async Task UnknownTask_IsTheDocumented404Body()
        {
            await using var simulator = await StartAsync();

            var answer = await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/task_01K9S419324DREZFBWNSVXYR6H");

            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("video-status.en.error-404.response.json"), answer.Body), answer.ToString());
        }

        [Fact]
        public async Task WrongKey_IsTheDocumented401Body()
        {
            await using var simulator = await StartAsync();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.BaseAddress, "v1/videos/generations/video_x"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");

            using var response = await http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("video-status.en.error-401.response.json"), body), body!.ToJsonString());
        }

        private static byte[] Padded(byte[] start, int length)
        {
            var bytes = new byte[length];
            start.CopyTo(bytes, 0);
            return bytes;
        }

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
