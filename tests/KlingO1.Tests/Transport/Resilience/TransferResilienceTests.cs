using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>Uploads and downloads change nothing billed: a passing failure is retried and the bytes arrive whole.</summary>
    public sealed class TransferResilienceTests : IDisposable
    {
        private const string FileHost = "https://files.kling.test";
        private const string VideoPath = "/videos/video_dl_res.mp4";
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);

        // A PNG (by its signature, all the SDK checks) large enough that a re-sent upload must rewind to send it whole.
        private static readonly byte[] LargePng = TestImages.Png.Concat(Enumerable.Range(0, 200_000).Select(i => (byte)(i * 31))).ToArray();
        private static readonly byte[] Video = Enumerable.Range(0, 500_000).Select(i => (byte)(i * 7)).ToArray();
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        [Fact]
        public async Task UploadImageAsync_503Then200_IsRetriedAndTheSecondUploadCarriesTheWholeImage()
        {
            _handler.On("POST", ScriptedHandler.Uploads, Respond.Error(503, "service_unavailable"), Respond.Status(200, Payloads.Read("upload-response.json")));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var image = new MemoryStream(TestImages.Png);

            var upload = client.UploadImageAsync(image, "frame.png");
            var slept = await _clock.DriveAsync(upload, LongestWait);
            var uploaded = await upload;

            Assert.Equal("upload_abc12345", uploaded.Id);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            var uploads = _handler.Received.Where(r => r.Path == ScriptedHandler.Uploads).ToArray();
            Assert.Equal(2, uploads.Length);
            Assert.All(uploads, u => Assert.True(ImageIn(u.Body, TestImages.Png), "the PNG is in the multipart body"));
            Assert.Equal(uploads[0].Body.Length, uploads[1].Body.Length);
        }

        [Fact]
        public async Task UploadImageAsync_LargeImageFailsTwice_EveryAttemptSendsAllBytesFromTheStart()
        {
            _handler.On(
                "POST",
                ScriptedHandler.Uploads,
                Respond.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")),
                Respond.Error(502),
                Respond.Status(200, Payloads.Read("upload-response.json")));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var image = new MemoryStream(LargePng);

            var upload = client.UploadImageAsync(image, "large.png");
            await _clock.DriveAsync(upload, LongestWait);
            await upload;

            var uploads = _handler.Received.Where(r => r.Path == ScriptedHandler.Uploads).ToArray();
            Assert.Equal(3, uploads.Length);
            Assert.All(uploads, u => Assert.True(ImageIn(u.Body, LargePng), "every attempt carries the whole image"));
        }

        [Fact]
        public async Task UploadImageAsync_FilePath503Then200_IsRetriedWithTheWholeFile()
        {
            _handler.On("POST", ScriptedHandler.Uploads, Respond.Error(503), Respond.Status(200, Payloads.Read("upload-response.json")));
            var path = TestImages.WriteFile("frame.png", LargePng);
            using var client = ResilientClients.InMemory(_handler, _clock);

            var upload = client.UploadImageAsync(path);
            await _clock.DriveAsync(upload, LongestWait);
            await upload;

            var uploads = _handler.Received.Where(r => r.Path == ScriptedHandler.Uploads).ToArray();
            Assert.Equal(2, uploads.Length);
            Assert.True(ImageIn(uploads[1].Body, LargePng), "the second upload carries the whole file");
        }

        [Fact]
        public async Task UploadImageAsync_ForwardOnlyStream503_IsRetriedFromTheSdksCopy()
        {
            _handler.On("POST", ScriptedHandler.Uploads, Respond.Error(503), Respond.Status(200, Payloads.Read("upload-response.json")));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var image = new ForwardOnlyStream(LargePng);

            var upload = client.UploadImageAsync(image, "frame.png");
            var slept = await _clock.DriveAsync(upload, LongestWait);
            var uploaded = await upload;

            Assert.Equal("upload_abc12345", uploaded.Id);
            Assert.Single(slept);
            Assert.Equal(2, _handler.Received.Count);
            Assert.All(_handler.Received, u => Assert.True(ImageIn(u.Body, LargePng), "every attempt carries the whole image"));
        }

        [Fact]
        public async Task SubmitAsync_LocalImageUploadFailsOnce_UploadIsRetriedAndTheSubmitSentOnce()
        {
            _handler.On("POST", ScriptedHandler.Uploads, Respond.Error(500), Respond.Status(200, Payloads.Read("upload-response.json")));
            _handler.OnSubmit(Respond.Task("video_with_image", "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var image = new MemoryStream(TestImages.Png);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> waves", new[] { KlingImageSource.FromStream(image, "hand.png") }));
            await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal("video_with_image", (await submit).Id);
            Assert.Equal(2, _handler.Count("POST", ScriptedHandler.Uploads));
            Assert.Equal(1, _handler.Posts);
            Assert.Contains("https://files.toapis.com/uploads/123/1737568800_abc12345.jpg", _handler.Received.Last().BodyText, StringComparison.Ordinal);
        }

        [Fact]
        public async Task DownloadVideoAsync_FileHost503Then200_IsRetriedAndTheBytesAreComplete()
        {
            _handler.On("GET", VideoPath, Respond.Status(503, "Service Unavailable", retryAfter: null), Respond.Bytes(Video));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var destination = new MemoryStream();

            var download = client.DownloadVideoAsync(CompletedTask(), destination);
            var slept = await _clock.DriveAsync(download, LongestWait);

            Assert.Equal(Video.Length, await download);
            Assert.Equal(Video, destination.ToArray());
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5) }, slept);
            Assert.Equal(2, _handler.Count("GET", VideoPath));
            Assert.All(_handler.Received, r => Assert.Null(r.Authorization));
        }

        [Fact]
        public async Task DownloadVideoAsync_FileHostFailsInPassingThreeTimes_IsRetriedHonouringRetryAfterAndTheFileIsComplete()
        {
            _handler.On(
                "GET",
                VideoPath,
                Respond.Status(503, "busy", retryAfter: "3"),
                Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")),
                Respond.Status(504, "<html>Gateway Timeout</html>"),
                Respond.Bytes(Video));
            var path = Path.Combine(Path.GetDirectoryName(TestImages.WriteFile("placeholder", new byte[1]))!, "clip.mp4");
            using var client = ResilientClients.InMemory(_handler, _clock);

            var download = client.DownloadVideoAsync(CompletedTask(), path);
            var slept = await _clock.DriveAsync(download, LongestWait);

            Assert.Equal(Video.Length, await download);
            Assert.Equal(Video, File.ReadAllBytes(path));
            Assert.Equal(new[] { 3d, 1d, 2d }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(4, _handler.Count("GET", VideoPath));
        }

        [Fact]
        public async Task DownloadVideoAsync_FileHost503OnEveryAttempt_ThrowsWithTheStatusAfterMaxAttempts()
        {
            _handler.On("GET", VideoPath, Respond.Status(503, "Service Unavailable"));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var destination = new MemoryStream();

            var download = client.DownloadVideoAsync(CompletedTask(), destination);
            await _clock.DriveAsync(download, LongestWait);
            var ex = await Assert.ThrowsAsync<KlingApiException>(() => download);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal(4, _handler.Count("GET", VideoPath));
            Assert.Equal(0, destination.Length);
        }

        [Fact]
        public async Task DownloadVideoAsync_FileHostNeverAnswers_ThrowsKlingTimeoutForTheDownloadAfterMaxAttempts()
        {
            _handler.On("GET", VideoPath, Respond.Hang());
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.Timeouts.DownloadStart = TimeSpan.FromSeconds(10));
            using var destination = new MemoryStream();

            var download = client.DownloadVideoAsync(CompletedTask(), destination);
            for (var attempt = 1; attempt <= 4; attempt++)
            {
                await _handler.NextArrivalAsync();
                _clock.Advance(TimeSpan.FromSeconds(10));
                if (attempt < 4)
                {
                    _clock.Advance(await _clock.NextTimerAsync(LongestWait));
                }
            }

            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => download);

            Assert.Equal("video download", ex.Operation);
            Assert.Equal(TimeSpan.FromSeconds(10), ex.Timeout);
            Assert.IsType<Polly.Timeout.TimeoutRejectedException>(ex.InnerException);
            Assert.Equal(4, _handler.Count("GET", VideoPath));
            Assert.Equal(0, destination.Length);
        }

        private VideoTask CompletedTask()
        {
            var now = _clock.GetUtcNow();
            return new VideoTask(
                "video_dl_res", "kling-video-o1", VideoTaskStatus.Completed, 100, now.AddMinutes(-5), now.AddMinutes(-1), now.AddHours(23),
                new Uri(FileHost + VideoPath), null, null);
        }

        private static bool ImageIn(byte[] body, byte[] image)
            => body.AsSpan().IndexOf(image) >= 0;

        /// <summary>A stream that can only be read forward, once.</summary>
        private sealed class ForwardOnlyStream : MemoryStream
        {
            public ForwardOnlyStream(byte[] content)
                : base(content)
            {
            }

            public override bool CanSeek => false;
        }
    }
}
