using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>Local images in a request are uploaded first, once each, and their URLs submitted in order.</summary>
    public sealed class LocalImageSubmitTests : IClassFixture<KlingServerFixture>
    {
        private const string UploadPath = KlingServerFixture.UploadPath;
        private readonly KlingServerFixture _server;

        public LocalImageSubmitTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
        }

        [Fact]
        public async Task SubmitAsync_LocalFileUsedTwiceAndUrl_UploadsOnceAndSubmitsUrlsInOrder()
        {
            RespondToUploads("https://files.example.com/uploads/u1.png");
            var path = TestImages.WriteFile("hero.png", TestImages.Png);
            var request = new PromptBuilder()
                .Text("The hero in ").Image(path)
                .Text(" meets the hero in ").Image(new FileInfo(path))
                .Text(" at ").Image("https://example.com/scene.jpg")
                .Build();
            using var client = _server.Client();

            await client.StartGenerationAsync(request);

            Assert.Equal("The hero in <<<image_1>>> meets the hero in <<<image_1>>> at <<<image_2>>>", request.Prompt);
            var received = _server.Received();
            Assert.Single(received, e => e.RequestMessage!.Path == UploadPath);
            var submit = received.Single(e => e.RequestMessage!.Path == KlingServerFixture.GenerationsPath);
            Assert.True(received.ToList().IndexOf(submit) > 0, "the upload happens before the submit");
            var body = JsonNode.Parse(submit.RequestMessage!.Body!)!;
            Assert.Equal(
                new[] { "https://files.example.com/uploads/u1.png", "https://example.com/scene.jpg" },
                body["image_urls"]!.AsArray().Select(n => n!.GetValue<string>()));
        }

        [Fact]
        public async Task SubmitAsync_StreamImageWithoutReference_UploadsAndPrependsReference()
        {
            RespondToUploads("https://files.example.com/uploads/s.png");
            var request = new VideoGenerationRequest("Person turns and smiles", new[] { KlingImageSource.FromStream(new MemoryStream(TestImages.Png), "me.png") });
            using var client = _server.Client();

            await client.StartGenerationAsync(request);

            var body = JsonNode.Parse(_server.Received().Single(e => e.RequestMessage!.Path == KlingServerFixture.GenerationsPath).RequestMessage!.Body!)!;
            Assert.Equal("<<<image_1>>> Person turns and smiles", body["prompt"]!.GetValue<string>());
            Assert.Equal("https://files.example.com/uploads/s.png", body["image_urls"]![0]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_SeekableStreamSubmittedTwice_UploadsItWholeEachTime()
        {
            RespondToUploads("https://files.example.com/uploads/s.png");
            var request = new VideoGenerationRequest("<<<image_1>>> waves", new[] { KlingImageSource.FromStream(new MemoryStream(TestImages.Png), "me.png") });
            using var client = _server.Client();

            await client.StartGenerationAsync(request);
            await client.StartGenerationAsync(request);

            var uploads = _server.Received().Where(e => e.RequestMessage!.Path == UploadPath).ToArray();
            Assert.Equal(2, uploads.Length);
            Assert.All(uploads, u => Assert.True(u.RequestMessage!.BodyAsBytes!.Length > TestImages.Png.Length));
        }

        [Fact]
        public async Task SubmitAsync_UploadRefused_SubmitsNothing()
        {
            _server.RespondToUpload(400, Payloads.Read("upload-error-type.json"));
            var path = TestImages.WriteFile("hero.png", TestImages.Png);
            using var client = _server.Client();

            await Assert.ThrowsAsync<KlingInvalidRequestException>(() => client.StartGenerationAsync(new PromptBuilder().Image(path).Text(" dances").Build()));

            Assert.DoesNotContain(_server.Received(), e => e.RequestMessage!.Path == KlingServerFixture.GenerationsPath);
        }

        [Fact]
        public async Task SubmitAsync_LocalFileNotAnImage_RefusedBeforeAnyRequest()
        {
            var path = TestImages.WriteFile("notes.png", System.Text.Encoding.UTF8.GetBytes("just some text, not an image at all"));
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.StartGenerationAsync(new PromptBuilder().Image(path).Build()));

            Assert.Contains("notes.png", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public void PromptBuilder_MissingLocalFile_ThrowsNamingIt()
        {
            var ex = Assert.Throws<ArgumentException>(() => new PromptBuilder().Image("no-such-folder/missing.png"));
            Assert.Contains("neither an http(s) URL nor an existing file", ex.Message, StringComparison.Ordinal);
        }

        private void RespondToUploads(string url)
            => _server.RespondToUpload(200, $"{{\"success\":true,\"message\":\"\",\"data\":{{\"id\":\"upload_1\",\"url\":\"{url}\",\"mime_type\":\"image/png\",\"size\":70}}}}");
    }
}
