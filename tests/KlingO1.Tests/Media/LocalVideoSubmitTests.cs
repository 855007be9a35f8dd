using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// With the Omni request shape, a local reference video is uploaded (<c>POST /v1/uploads/videos</c>) before the
    /// submit and its URL goes in <c>video_list</c>; local images are uploaded once each, whatever roles they play.
    /// </summary>
    public sealed class LocalVideoSubmitTests : IClassFixture<KlingServerFixture>
    {
        private const string VideoUploadPath = UploadVideoTests.VideoUploadPath;
        private const string ImageUploadPath = KlingServerFixture.UploadPath;
        private const string GenerationsPath = KlingServerFixture.GenerationsPath;
        private const string UploadedVideoUrl = "https://files.example.com/uploads/v1.mp4";
        private const string UploadedImageUrl = "https://files.example.com/uploads/i1.png";
        private readonly KlingServerFixture _server;

        public LocalVideoSubmitTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
        }

        [Fact]
        public async Task SubmitAsync_OmniLocalReferenceVideoFile_UploadsItFirstThenSubmitsItsUrlInVideoList()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl));
            var path = TestImages.WriteFile("motion.mp4", TestVideos.Mp4);
            var request = new VideoGenerationRequest(
                "A dancer moves like the one in <<<video_1>>>", images: null, elements: null, new ReferenceVideo(KlingVideoSource.FromFile(path), ReferenceVideoType.Feature, keepOriginalSound: true));
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Equal(new[] { VideoUploadPath, GenerationsPath }, received.Select(e => e.RequestMessage!.Path));
            var upload = Encoding.Latin1.GetString(received[0].RequestMessage!.BodyAsBytes!);
            Assert.Contains("filename=motion.mp4", upload, StringComparison.Ordinal);
            Assert.Contains("Content-Type: video/mp4", upload, StringComparison.Ordinal);
            var body = SubmitBody(received);
            var video = Assert.Single(body["video_list"]!.AsArray())!;
            Assert.Equal(UploadedVideoUrl, video["video_url"]!.GetValue<string>());
            Assert.Equal("feature", video["refer_type"]!.GetValue<string>());
            Assert.Equal("yes", video["keep_original_sound"]!.GetValue<string>());
            Assert.Equal("A dancer moves like the one in <<<video_1>>>", body["prompt"]!.GetValue<string>());
            Assert.Null(body["image_urls"]);
            Assert.Null(body["audio"]);
            Assert.DoesNotContain(path, received[1].RequestMessage!.Body!, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_LocalVideoSubjectElement_IsUploadedAsAVideoAndSentWithTypeVideo()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl));
            var path = TestImages.WriteFile("hero.mp4", TestVideos.Mp4);
            var hero = new SubjectElement(KlingVideoSource.FromFile(path), role: "subject");
            var request = new PromptBuilder().Element(hero).Text(" walks through the market").Element(new SubjectElement(KlingVideoSource.FromFile(path), role: "subject")).Build();
            using var client = _server.Client();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Equal(new[] { VideoUploadPath, GenerationsPath }, received.Select(e => e.RequestMessage!.Path));
            Assert.Contains("Content-Type: video/mp4", Encoding.Latin1.GetString(received[0].RequestMessage!.BodyAsBytes!), StringComparison.Ordinal);
            var element = Assert.Single(SubmitBody(received)["metadata"]!["element_list"]!.AsArray())!;
            Assert.Equal(UploadedVideoUrl, element["url"]!.GetValue<string>());
            Assert.Equal("video", element["type"]!.GetValue<string>());
            Assert.Equal("subject", element["role"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_OmniBaseVideoFromStream_UploadsAsMovAndSendsBaseWithoutOriginalSound()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl, mimeType: "video/quicktime"));
            var request = new PromptBuilder()
                .Text("Turn the sky in ").Video(new ReferenceVideo(KlingVideoSource.FromStream(new MemoryStream(TestVideos.MovFtyp), "sky.mov"), ReferenceVideoType.Base))
                .Text(" purple")
                .Build();
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Contains("Content-Type: video/quicktime", Encoding.Latin1.GetString(received.Single(e => e.RequestMessage!.Path == VideoUploadPath).RequestMessage!.BodyAsBytes!), StringComparison.Ordinal);
            var video = Assert.Single(SubmitBody(received)["video_list"]!.AsArray())!;
            Assert.Equal(UploadedVideoUrl, video["video_url"]!.GetValue<string>());
            Assert.Equal("base", video["refer_type"]!.GetValue<string>());
            Assert.Equal("no", video["keep_original_sound"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_WebMReferenceVideoWithALocalImage_RefusedBeforeAnyUpload()
        {
            // The current page (Chinese): reference videos are MP4 or MOV only, though the upload endpoint takes WebM.
            var image = TestImages.WriteFile("crown.png", TestImages.Png);
            var request = new PromptBuilder()
                .Text("Put the crown from ").Image(image)
                .Text(" on ").Video(new ReferenceVideo(KlingVideoSource.FromStream(new MemoryStream(TestVideos.WebM), "sky.webm"), ReferenceVideoType.Feature))
                .Build();
            using var client = OmniClient();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.StartGenerationAsync(request));

            Assert.Contains("MP4 or MOV", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadVideoAsync_WebMOnItsOwn_IsStillUploaded()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl, mimeType: "video/webm"));
            using var client = OmniClient();

            var uploaded = await client.UploadVideoAsync(new MemoryStream(TestVideos.WebM), "sky.webm");

            Assert.Equal(new Uri(UploadedVideoUrl), uploaded.Url);
        }

        [Fact]
        public async Task SubmitAsync_OmniVideoAtUrl_UploadsNothing()
        {
            var request = new VideoGenerationRequest(
                "<<<video_1>>> in watercolour", null, null, new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/in.mp4")), ReferenceVideoType.Feature));
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Equal(new[] { GenerationsPath }, received.Select(e => e.RequestMessage!.Path));
            Assert.Equal("https://example.com/in.mp4", SubmitBody(received)["video_list"]![0]!["video_url"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_VideoUploadRefused_SubmitsNothing()
        {
            RespondToVideoUpload(400, "{\"success\":false,\"message\":\"Unsupported or invalid video file. Allowed: MP4, WebM, MOV\"}");
            var path = TestImages.WriteFile("motion.mp4", TestVideos.Mp4);
            using var client = OmniClient();

            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(() => client.StartGenerationAsync(
                new VideoGenerationRequest("<<<video_1>>> again", null, null, new ReferenceVideo(KlingVideoSource.FromFile(path), ReferenceVideoType.Feature))));

            Assert.Equal("Unsupported or invalid video file. Allowed: MP4, WebM, MOV", ex.ErrorMessage);
            Assert.Single(_server.Received(), e => e.RequestMessage!.Path == VideoUploadPath);
            Assert.DoesNotContain(_server.Received(), e => e.RequestMessage!.Path == GenerationsPath);
        }

        [Fact]
        public async Task SubmitAsync_ImageUploadedThenVideoUploadFails_SubmitsNothing()
        {
            RespondToImageUpload(UploadedImageUrl);
            RespondToVideoUpload(500, "{\"success\":false,\"message\":\"Storage unavailable\"}");
            var image = TestImages.WriteFile("hero.png", TestImages.Png);
            var video = TestImages.WriteFile("motion.mp4", TestVideos.Mp4);
            var request = new PromptBuilder()
                .Text("The hero in ").Image(image).Text(" moves like ").Video(video, ReferenceVideoType.Feature)
                .Build();
            using var client = OmniClient();

            await Assert.ThrowsAnyAsync<KlingApiException>(() => client.StartGenerationAsync(request));

            Assert.Contains(_server.Received(), e => e.RequestMessage!.Path == VideoUploadPath);
            Assert.DoesNotContain(_server.Received(), e => e.RequestMessage!.Path == GenerationsPath);
        }

        [Fact]
        public async Task SubmitAsync_LocalVideoFileNotAVideo_RefusedBeforeAnyRequest()
        {
            var path = TestImages.WriteFile("actually-a-picture.mp4", TestImages.Png);
            using var client = OmniClient();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.StartGenerationAsync(
                new VideoGenerationRequest("<<<video_1>>> slowed down", null, null, new ReferenceVideo(KlingVideoSource.FromFile(path), ReferenceVideoType.Feature))));

            Assert.Contains("actually-a-picture.mp4", ex.Message, StringComparison.Ordinal);
            Assert.Contains("MP4 or MOV", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_SeedShapeWithLocalVideo_RefusedBeforeAnyUpload()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer());
            var path = TestImages.WriteFile("motion.mp4", TestVideos.Mp4);
            using var client = _server.Client(configure: o => o.RequestShape = RequestShape.ImageUrls);

            var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.StartGenerationAsync(
                new VideoGenerationRequest("<<<video_1>>> again", null, null, new ReferenceVideo(KlingVideoSource.FromFile(path), ReferenceVideoType.Feature))));

            Assert.Contains("RequestShape.Auto", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_LocalImageAsReferenceAndAsFirstFrame_UploadsItOnce()
        {
            RespondToImageUpload(UploadedImageUrl);
            var path = TestImages.WriteFile("hero.png", TestImages.Png);
            var request = new PromptBuilder()
                .Text("The hero in ").Image(path)
                .Text(" starts from ").FirstFrame(path)
                .Build();
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            Assert.Equal("The hero in <<<image_1>>> starts from <<<image_2>>>", request.Prompt);
            var received = _server.Received();
            Assert.Single(received, e => e.RequestMessage!.Path == ImageUploadPath);
            Assert.Equal(GenerationsPath, received.Last().RequestMessage!.Path);
            var images = SubmitBody(received)["metadata"]!["image_list"]!.AsArray();
            Assert.Equal(2, images.Count);
            Assert.Equal(UploadedImageUrl, images[0]!["image_url"]!.GetValue<string>());
            Assert.Null(images[0]!["type"]);
            Assert.Equal(UploadedImageUrl, images[1]!["image_url"]!.GetValue<string>());
            Assert.Equal("first_frame", images[1]!["type"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_SameStreamAsFirstAndEndFrame_UploadsItOnce()
        {
            RespondToImageUpload(UploadedImageUrl);
            var still = KlingImageSource.FromStream(new MemoryStream(TestImages.Png), "still.png");
            var request = new VideoGenerationRequest("A loop that starts and ends on <<<image_1>>>", new[] { still.AsFirstFrame(), still.AsEndFrame() }, null);
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Single(received, e => e.RequestMessage!.Path == ImageUploadPath);
            var images = SubmitBody(received)["metadata"]!["image_list"]!.AsArray();
            Assert.Equal(new[] { "first_frame", "end_frame" }, images.Select(i => i!["type"]!.GetValue<string>()));
            Assert.All(images, i => Assert.Equal(UploadedImageUrl, i!["image_url"]!.GetValue<string>()));
        }

        [Fact]
        public async Task SubmitAsync_LocalImageAsReferenceAndAsElement_UploadsItOnceAndSendsElementFields()
        {
            RespondToImageUpload(UploadedImageUrl);
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl));
            var path = TestImages.WriteFile("dog.png", TestImages.Png);
            var video = TestImages.WriteFile("run.mov", TestVideos.MovFtyp);
            var request = new PromptBuilder()
                .Text("The dog ").Element(new SubjectElement(KlingImageSource.FromFile(path), type: "subject", role: "main"))
                .Text(" from ").Image(path)
                .Text(" runs like ").Video(video, ReferenceVideoType.Feature)
                .Build();
            request.Duration = VideoDuration.FromSeconds(7);
            using var client = OmniClient();

            await client.StartGenerationAsync(request);

            var received = _server.Received();
            Assert.Single(received, e => e.RequestMessage!.Path == ImageUploadPath);
            Assert.Single(received, e => e.RequestMessage!.Path == VideoUploadPath);
            Assert.Contains("Content-Type: video/quicktime", Encoding.Latin1.GetString(received.Single(e => e.RequestMessage!.Path == VideoUploadPath).RequestMessage!.BodyAsBytes!), StringComparison.Ordinal);
            var body = SubmitBody(received);
            Assert.Equal("The dog <<<element_1>>> from <<<image_1>>> runs like <<<video_1>>>", body["prompt"]!.GetValue<string>());
            Assert.Equal(7, body["duration"]!.GetValue<int>());
            var element = Assert.Single(body["metadata"]!["element_list"]!.AsArray())!;
            Assert.Equal(UploadedImageUrl, element["url"]!.GetValue<string>());
            Assert.Equal("subject", element["type"]!.GetValue<string>());
            Assert.Equal("main", element["role"]!.GetValue<string>());
            Assert.Equal(UploadedImageUrl, body["metadata"]!["image_list"]![0]!["image_url"]!.GetValue<string>());
            Assert.Equal(UploadedVideoUrl, body["video_list"]![0]!["video_url"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_SeekableVideoStreamSubmittedTwice_UploadsItWholeEachTime()
        {
            RespondToVideoUpload(200, UploadVideoTests.VideoUploadAnswer(url: UploadedVideoUrl));
            var request = new VideoGenerationRequest(
                "<<<video_1>>> once more", null, null, new ReferenceVideo(KlingVideoSource.FromStream(new MemoryStream(TestVideos.Mp4), "clip.mp4"), ReferenceVideoType.Feature));
            using var client = OmniClient();

            await client.StartGenerationAsync(request);
            await client.StartGenerationAsync(request);

            var uploads = _server.Received().Where(e => e.RequestMessage!.Path == VideoUploadPath).ToArray();
            Assert.Equal(2, uploads.Length);
            Assert.All(uploads, u => Assert.True(TestVideos.Contains(u.RequestMessage!.BodyAsBytes!, TestVideos.Mp4), "the whole video each time"));
        }

        private KlingVideoClient OmniClient() => _server.Client(configure: o => o.RequestShape = RequestShape.Omni);

        private static JsonNode SubmitBody(ILogEntry[] received)
            => JsonNode.Parse(received.Single(e => e.RequestMessage!.Path == GenerationsPath).RequestMessage!.Body!)!;

        private void RespondToImageUpload(string url)
            => _server.RespondToUpload(200, $"{{\"success\":true,\"message\":\"\",\"data\":{{\"id\":\"upload_1\",\"url\":\"{url}\",\"mime_type\":\"image/png\",\"size\":70}}}}");

        private void RespondToVideoUpload(int status, string body)
            => _server.Server.Given(Request.Create().WithPath(VideoUploadPath).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }
}
