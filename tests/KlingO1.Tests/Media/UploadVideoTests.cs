using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace KlingO1.Tests.Media
{
    /// <summary>POST /v1/uploads/videos: what is sent, what is refused before sending, and how answers map.</summary>
    public sealed class UploadVideoTests : IClassFixture<KlingServerFixture>
    {
        public const string VideoUploadPath = "/v1/uploads/videos";
        private const string StoredUrl = "https://files.toapis.com/uploads/123/1737568800_vid12345.mp4";
        private readonly KlingServerFixture _server;

        public UploadVideoTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        public static TheoryData<byte[], string, string> Formats => new()
        {
            { TestVideos.Mp4, "clip.mp4", "video/mp4" },
            { TestVideos.Mp4Mp42, "clip.mp4", "video/mp4" },
            { TestVideos.WebM, "clip.webm", "video/webm" },
            { TestVideos.MovFtyp, "clip.mov", "video/quicktime" },
            { TestVideos.MovMoov, "clip.mov", "video/quicktime" },
            { TestVideos.MovMdat, "clip.mov", "video/quicktime" },
            { TestVideos.MovWide, "clip.mov", "video/quicktime" },
            { TestVideos.MovFree, "clip.mov", "video/quicktime" },
        };

        public static TheoryData<byte[]> NotVideos => new()
        {
            TestImages.Png,
            TestImages.Jpeg,
            Enumerable.Range(0, 64).Select(i => (byte)((i * 37) + 11)).ToArray(),
            Encoding.UTF8.GetBytes("<html><body>not a video</body></html>"),
            new byte[] { 0x1A, 0x45, 0xDF }, // WebM's signature cut short
            TestVideos.Ascii("\0\0\0\u0018ftyz isom"), // one letter off "ftyp"
        };

        /// <summary>The recorded upload answer (upload-response.json), with the data of a stored video.</summary>
        public static string VideoUploadAnswer(string url = StoredUrl, string mimeType = "video/mp4", long size = 1_048_576, string id = "upload_vid12345")
        {
            var answer = Payloads.Json("upload-response.json");
            var data = answer["data"]!;
            data["id"] = id;
            data["url"] = url;
            data["mime_type"] = mimeType;
            data["size"] = size;
            return answer.ToJsonString();
        }

        [Fact]
        public async Task UploadVideoAsync_Mp4Stream_PostsMultipartFileFieldAndReturnsUploadedVideo()
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            using var client = _server.Client();

            var uploaded = await client.UploadVideoAsync(new MemoryStream(TestVideos.Mp4), "clip.mp4");

            Assert.Equal("upload_vid12345", uploaded.Id);
            Assert.Equal(new Uri(StoredUrl), uploaded.Url);
            Assert.Equal("video/mp4", uploaded.MimeType);
            Assert.Equal(1_048_576, uploaded.Size);
            var request = Assert.Single(_server.Received()).RequestMessage!;
            Assert.Equal("POST", request.Method);
            Assert.Equal(VideoUploadPath, request.Path);
            Assert.StartsWith("multipart/form-data", request.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
            var body = request.BodyAsBytes!;
            var text = Encoding.Latin1.GetString(body);
            Assert.Contains("name=file", text, StringComparison.Ordinal);
            Assert.Contains("filename=clip.mp4", text, StringComparison.Ordinal);
            Assert.Contains("Content-Type: video/mp4", text, StringComparison.Ordinal);
            Assert.True(TestVideos.Contains(body, TestVideos.Mp4), "the MP4 bytes are in the multipart body");
        }

        [Theory]
        [MemberData(nameof(Formats))]
        public async Task UploadVideoAsync_EachFormat_SendsContentTypeFromItsFirstBytes(byte[] content, string fileName, string mimeType)
        {
            RespondToVideoUpload(200, VideoUploadAnswer(mimeType: mimeType));
            using var client = _server.Client();

            // The name says MP4 for every format: the type must come from the bytes.
            await client.UploadVideoAsync(new MemoryStream(content), "named-" + fileName + ".mp4");

            var request = Assert.Single(_server.Received()).RequestMessage!;
            var text = Encoding.Latin1.GetString(request.BodyAsBytes!);
            Assert.Contains("Content-Type: " + mimeType + "\r\n", text, StringComparison.Ordinal);
            Assert.True(TestVideos.Contains(request.BodyAsBytes!, content), "every byte is sent, the signature included");
        }

        [Fact]
        public async Task UploadVideoAsync_FilePath_StreamsTheFileUnderItsNameWithTypeFromBytes()
        {
            RespondToVideoUpload(200, VideoUploadAnswer(mimeType: "video/quicktime"));
            var path = TestImages.WriteFile("holiday.mp4", TestVideos.MovFtyp);
            using var client = _server.Client();

            var uploaded = await client.UploadVideoAsync(path);

            Assert.Equal("video/quicktime", uploaded.MimeType);
            var text = Encoding.Latin1.GetString(Assert.Single(_server.Received()).RequestMessage!.BodyAsBytes!);
            Assert.Contains("filename=holiday.mp4", text, StringComparison.Ordinal);
            Assert.Contains("Content-Type: video/quicktime", text, StringComparison.Ordinal);
        }

        [Fact]
        public async Task UploadVideoAsync_SeekableStreamMidway_SendsFromItsPositionAndLeavesItOpen()
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            var junk = new byte[] { 9, 9, 9, 9, 9 };
            using var stream = new MemoryStream(TestVideos.Concat(junk, TestVideos.WebM));
            stream.Position = junk.Length;
            using var client = _server.Client();

            await client.UploadVideoAsync(stream, "clip.webm");

            var text = Encoding.Latin1.GetString(Assert.Single(_server.Received()).RequestMessage!.BodyAsBytes!);
            Assert.Contains("Content-Type: video/webm", text, StringComparison.Ordinal);
            Assert.True(stream.CanRead, "the caller's stream is not disposed");
        }

        [Fact]
        public async Task UploadVideoAsync_ForwardOnlyStream_SendsEveryByte()
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            var content = TestVideos.Concat(TestVideos.Mp4, Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray());
            using var client = _server.Client();

            await client.UploadVideoAsync(new ForwardOnlyStream(content), "clip.mp4");

            Assert.True(TestVideos.Contains(Assert.Single(_server.Received()).RequestMessage!.BodyAsBytes!, content));
        }

        [Theory]
        [MemberData(nameof(NotVideos))]
        public async Task UploadVideoAsync_NotAVideo_RefusedNamingTheFormatsBeforeAnyRequest(byte[] content)
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync(new MemoryStream(content), "clip.mp4"));

            Assert.Contains("MP4, WebM or MOV", ex.Message, StringComparison.Ordinal);
            Assert.Contains("clip.mp4", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadVideoAsync_EmptyStream_RefusedBeforeAnyRequest()
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync(new MemoryStream(), "clip.mp4"));

            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadVideoAsync_EmptyFile_RefusedBeforeAnyRequest()
        {
            var path = TestImages.WriteFile("empty.mp4", Array.Empty<byte>());
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync(path));

            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadVideoAsync_SeekableStreamOver50Megabytes_RefusedBeforeAnyRequestWithoutReadingIt()
        {
            RespondToVideoUpload(200, VideoUploadAnswer());
            using var big = new LengthOnlyStream(TestVideos.Mp4, (50L * 1024 * 1024) + 1);
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync(big, "big.mp4"));

            Assert.Contains("50 MB", ex.Message, StringComparison.Ordinal);
            Assert.Contains("big.mp4", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
            Assert.True(big.BytesRead < 1024, $"only the signature should be read, not {big.BytesRead} bytes");
        }

        [Fact]
        public async Task UploadVideoAsync_SeekableStreamOfExactly50MegabytesAfterItsPosition_PassesTheSizeCheck()
        {
            // 10 bytes before the position do not count: what is sent is exactly 50 MB.
            var sent = 0L;
            var options = _server.Options();
            using var http = new HttpClient(new ScriptedHandler(request =>
            {
                using var counter = new CountingStream();
                request.Content!.CopyTo(counter, null, default);
                sent = counter.Written;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(VideoUploadAnswer(), Encoding.UTF8, "application/json") };
            }));
            using var client = new KlingVideoClient(http, options, TimeProvider.System, () => 0.0);
            var head = TestVideos.Concat(new byte[10], TestVideos.Mp4);
            using var exact = new LengthOnlyStream(head, 10 + (50L * 1024 * 1024)) { Position = 10 };

            var uploaded = await client.UploadVideoAsync(exact, "exact.mp4");

            Assert.Equal("upload_vid12345", uploaded.Id);
            Assert.InRange(sent, 50L * 1024 * 1024, (50L * 1024 * 1024) + 1024);
        }

        [Fact]
        public async Task UploadVideoAsync_ForwardOnlyStreamOver50Megabytes_RefusedBeforeAnyRequest()
        {
            var options = _server.Options();
            var requests = 0;
            using var http = new HttpClient(new ScriptedHandler(request =>
            {
                requests++;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(VideoUploadAnswer(), Encoding.UTF8, "application/json") };
            }));
            using var client = new KlingVideoClient(http, options, TimeProvider.System, () => 0.0);

            var ex = await Assert.ThrowsAsync<ArgumentException>(
                () => client.UploadVideoAsync(new LengthOnlyStream(TestVideos.Mp4, (50L * 1024 * 1024) + 1, seekable: false), "big.mp4"));

            Assert.Contains("50 MB", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, requests);
        }

        [Fact]
        public async Task UploadVideoAsync_MissingFile_ThrowsFileNotFoundBeforeAnyRequest()
        {
            using var client = _server.Client();

            await Assert.ThrowsAsync<FileNotFoundException>(() => client.UploadVideoAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".mp4")));

            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadVideoAsync_NullStreamOrNoFileName_ThrowBeforeAnyRequest()
        {
            using var client = _server.Client();

            await Assert.ThrowsAsync<ArgumentNullException>(() => client.UploadVideoAsync((Stream)null!, "clip.mp4"));
            await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync(new MemoryStream(TestVideos.Mp4), " "));

            Assert.Empty(_server.Received());
        }

        [Theory]
        [InlineData("Unsupported or invalid video file. Allowed: MP4, WebM, MOV")]
        [InlineData("Video too large. Maximum size is 50MB")]
        public async Task UploadVideoAsync_ServiceRefusesWith400_ThrowsApiExceptionCarryingItsMessage(string message)
        {
            RespondToVideoUpload(400, $"{{\"success\":false,\"message\":\"{message}\"}}");
            using var client = _server.Client();

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.UploadVideoAsync(new MemoryStream(TestVideos.Mp4), "clip.mp4"));

            Assert.IsType<KlingInvalidRequestException>(ex);
            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.Equal(message, ex.ErrorMessage);
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task UploadVideoAsync_SuccessFalseWith200_ThrowsApiExceptionWithMessage()
        {
            RespondToVideoUpload(200, "{\"success\":false,\"message\":\"Storage unavailable\"}");
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.UploadVideoAsync(new MemoryStream(TestVideos.Mp4), "clip.mp4"));

            Assert.Equal("Storage unavailable", ex.ErrorMessage);
        }

        [Fact]
        public async Task UploadVideoAsync_ApiKey_GoesOnlyToTheApiHostNeverToTheFileHost()
        {
            var fileHost = WireMockServer.Start();
            try
            {
                fileHost.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("video"));
                RespondToVideoUpload(200, VideoUploadAnswer(url: fileHost.Url + "/uploads/v1.mp4"));
                using var client = _server.Client();

                var uploaded = await client.UploadVideoAsync(new MemoryStream(TestVideos.Mp4), "clip.mp4");

                Assert.Equal(fileHost.Url + "/uploads/v1.mp4", uploaded.Url.AbsoluteUri);
                var request = Assert.Single(_server.Received()).RequestMessage!;
                Assert.Equal("Bearer " + KlingServerFixture.ApiKey, request.Headers!["Authorization"].Single());
                Assert.DoesNotContain(KlingServerFixture.ApiKey, Encoding.Latin1.GetString(request.BodyAsBytes!), StringComparison.Ordinal);
                Assert.Empty(fileHost.LogEntries);
            }
            finally
            {
                fileHost.Stop();
            }
        }

        [Fact]
        public async Task UploadImageAsync_VideoBytes_RefusedAsNotAnImage()
        {
            // The two endpoints keep their own formats: a video is not an image.
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadImageAsync(new MemoryStream(TestVideos.Mp4), "clip.png"));

            Assert.Contains("JPEG, PNG, WebP or GIF", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        private void RespondToVideoUpload(int status, string body)
            => _server.Server.Given(Request.Create().WithPath(VideoUploadPath).UsingPost())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }
}
