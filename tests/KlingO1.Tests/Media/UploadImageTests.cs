using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>POST /v1/uploads/images: what is sent, what is refused before sending, and how answers map.</summary>
    public sealed class UploadImageTests : IClassFixture<KlingServerFixture>
    {
        private readonly KlingServerFixture _server;

        public UploadImageTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task UploadImageAsync_Stream_SendsMultipartFileFieldWithNameTypeAndBytes()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            using var client = _server.Client();

            var uploaded = await client.UploadImageAsync(new MemoryStream(TestImages.Png), "portrait.png");

            Assert.Equal("upload_abc12345", uploaded.Id);
            Assert.Equal(new Uri("https://files.toapis.com/uploads/123/1737568800_abc12345.jpg"), uploaded.Url);
            Assert.Equal("image/jpeg", uploaded.MimeType);
            Assert.Equal(89234, uploaded.Size);
            var request = Assert.Single(_server.Received()).RequestMessage!;
            Assert.Equal("POST", request.Method);
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, request.Headers!["Authorization"].Single());
            Assert.StartsWith("multipart/form-data", request.Headers["Content-Type"].Single(), StringComparison.Ordinal);
            var body = request.BodyAsBytes!;
            var text = Encoding.Latin1.GetString(body);
            Assert.Contains("name=file", text, StringComparison.Ordinal);
            Assert.Contains("filename=portrait.png", text, StringComparison.Ordinal);
            Assert.Contains("Content-Type: image/png", text, StringComparison.Ordinal);
            Assert.True(Contains(body, TestImages.Png), "the PNG bytes are in the multipart body");
        }

        [Fact]
        public async Task UploadImageAsync_FilePath_DetectsTypeFromBytesNotName()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            var path = TestImages.WriteFile("actually-a-jpeg.png", TestImages.Jpeg);
            using var client = _server.Client();

            await client.UploadImageAsync(path);

            var text = Encoding.Latin1.GetString(_server.Received().Single().RequestMessage!.BodyAsBytes!);
            Assert.Contains("filename=actually-a-jpeg.png", text, StringComparison.Ordinal);
            Assert.Contains("Content-Type: image/jpeg", text, StringComparison.Ordinal);
        }

        [Fact]
        public async Task UploadImageAsync_NonSeekableStream_SendsEveryByte()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            using var client = _server.Client();

            await client.UploadImageAsync(new ForwardOnlyStream(TestImages.Png), "p.png");

            Assert.True(Contains(_server.Received().Single().RequestMessage!.BodyAsBytes!, TestImages.Png));
        }

        [Fact]
        public async Task UploadImageAsync_StreamNotDisposed()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            using var client = _server.Client();
            using var stream = new MemoryStream(TestImages.Png);

            await client.UploadImageAsync(stream, "p.png");

            Assert.True(stream.CanRead);
        }

        [Theory]
        [InlineData(new byte[0], "empty")]
        [InlineData(new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E, 0x3C, 0x2F, 0x68, 0x74, 0x6D, 0x6C, 0x3E }, "JPEG, PNG, WebP or GIF")]
        [InlineData(new byte[] { 0x42, 0x4D, 0x36, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00 }, "JPEG, PNG, WebP or GIF")]
        public async Task UploadImageAsync_UnusableContent_RefusedBeforeAnyRequest(byte[] content, string expected)
        {
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadImageAsync(new MemoryStream(content), "x.png"));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadImageAsync_Over10MegabytesSeekable_RefusedBeforeAnyRequest()
        {
            var big = new byte[(10 * 1024 * 1024) + 1];
            TestImages.Png.CopyTo(big, 0);
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadImageAsync(new MemoryStream(big), "big.png"));

            Assert.Contains("10 MB", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadImageAsync_Over10MegabytesForwardOnly_RefusedBeforeAnyRequest()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            var big = new byte[(10 * 1024 * 1024) + 1];
            TestImages.Png.CopyTo(big, 0);
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadImageAsync(new ForwardOnlyStream(big), "big.png"));

            Assert.Contains("10 MB", ex.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was sent", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task UploadImageAsync_ExactlyTenMegabytesForwardOnly_SentWithItsLength()
        {
            _server.RespondToUpload(200, Payloads.Read("upload-response.json"));
            var exact = new byte[10 * 1024 * 1024];
            TestImages.Png.CopyTo(exact, 0);
            using var client = _server.Client();

            await client.UploadImageAsync(new ForwardOnlyStream(exact), "exact.png");

            var received = Assert.Single(_server.Received()).RequestMessage!;
            Assert.True(received.Headers!.ContainsKey("Content-Length"), "a spooled stream states its length");
            Assert.True(Contains(received.BodyAsBytes!, exact));
        }

        [Fact]
        public async Task UploadImageAsync_MissingFile_ThrowsFileNotFoundBeforeAnyRequest()
        {
            using var client = _server.Client();
            await Assert.ThrowsAsync<FileNotFoundException>(() => client.UploadImageAsync(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".png")));
            Assert.Empty(_server.Received());
        }

        [Theory]
        [InlineData("upload-error-type.json", "Unsupported image type. Allowed: JPEG, PNG, WebP, GIF")]
        [InlineData("upload-error-size.json", "Image too large. Maximum size is 10MB")]
        public async Task UploadImageAsync_ServiceRefuses_ThrowsInvalidRequestWithItsMessage(string payload, string message)
        {
            _server.RespondToUpload(400, Payloads.Read(payload));
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(() => client.UploadImageAsync(new MemoryStream(TestImages.Png), "p.png"));

            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.Equal(message, ex.ErrorMessage);
            Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task UploadImageAsync_SuccessFalseWith200_ThrowsApiExceptionWithMessage()
        {
            _server.RespondToUpload(200, "{\"success\":false,\"message\":\"Storage unavailable\"}");
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.UploadImageAsync(new MemoryStream(TestImages.Png), "p.png"));

            Assert.Equal("Storage unavailable", ex.ErrorMessage);
        }

        private static bool Contains(byte[] haystack, byte[] needle)
            => Enumerable.Range(0, haystack.Length - needle.Length + 1).Any(i => haystack.AsSpan(i, needle.Length).SequenceEqual(needle));
    }

    /// <summary>A stream that can only be read forwards, like a network stream.</summary>
    internal sealed class ForwardOnlyStream : MemoryStream
    {
        public ForwardOnlyStream(byte[] content)
            : base(content)
        {
        }

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
