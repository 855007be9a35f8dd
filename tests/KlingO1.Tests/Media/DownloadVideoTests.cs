using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace KlingO1.Tests.Media
{
    /// <summary>The video host is a second server: downloads stream from it without the API key.</summary>
    public sealed class DownloadVideoTests : IClassFixture<KlingServerFixture>, IDisposable
    {
        private const string TaskId = "video_dl_1";
        private static readonly byte[] Video = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        private readonly KlingServerFixture _api;
        private readonly WireMockServer _videoHost = WireMockServer.Start();
        private readonly ManualClock _clock = new();

        public DownloadVideoTests(KlingServerFixture api)
        {
            _api = api;
            _api.Reset();
        }

        public void Dispose() => _videoHost.Stop();

        [Fact]
        public async Task DownloadVideoAsync_ToStream_WritesEveryByteAndSendsNoApiKeyToTheVideoHost()
        {
            ServeVideo("/v/1.mp4");
            using var client = _api.Client(_clock);
            using var destination = new MemoryStream();
            var progress = new List<long>();

            var written = await client.DownloadVideoAsync(Completed("/v/1.mp4"), destination, new SyncProgress(progress));

            Assert.Equal(Video.Length, written);
            Assert.Equal(Video, destination.ToArray());
            Assert.Equal(Video.Length, progress.Last());
            var request = Assert.Single(_videoHost.LogEntries).RequestMessage!;
            Assert.False(request.Headers!.ContainsKey("Authorization"), "the API key must not reach the video host");
            Assert.Empty(_api.Received());
        }

        [Fact]
        public async Task DownloadVideoAsync_ToFile_MovesCompleteFileIntoPlaceAndLeavesNoTemporaryFile()
        {
            ServeVideo("/v/1.mp4");
            var path = TestImages.WriteFile("video.mp4", new byte[] { 1, 2, 3 });
            using var client = _api.Client(_clock);

            var written = await client.DownloadVideoAsync(Completed("/v/1.mp4"), path);

            Assert.Equal(Video.Length, written);
            Assert.Equal(Video, File.ReadAllBytes(path));
            Assert.Equal(new[] { "video.mp4" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }

        [Fact]
        public async Task DownloadVideoAsync_HostRefusesStoredUrl_ReadsTaskOnceForFreshUrl()
        {
            _videoHost.Given(Request.Create().WithPath("/v/old.mp4").UsingGet()).RespondWith(Response.Create().WithStatusCode(403).WithBody("Request has expired"));
            ServeVideo("/v/new.mp4");
            _api.RespondToGet(TaskId, 200, CompletedJson(_videoHost.Url + "/v/new.mp4"));
            using var client = _api.Client(_clock);
            using var destination = new MemoryStream();

            await client.DownloadVideoAsync(Completed("/v/old.mp4"), destination);

            Assert.Equal(Video, destination.ToArray());
            Assert.Single(_api.Received());
        }

        [Fact]
        public async Task DownloadVideoAsync_HostRefusesFreshUrlToo_ThrowsWithStatusAndBody()
        {
            _videoHost.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(403).WithBody("AccessDenied"));
            _api.RespondToGet(TaskId, 200, CompletedJson(_videoHost.Url + "/v/again.mp4"));
            using var client = _api.Client(_clock);

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.DownloadVideoAsync(Completed("/v/old.mp4"), new MemoryStream()));

            Assert.Equal(System.Net.HttpStatusCode.Forbidden, ex.StatusCode);
            Assert.Contains("AccessDenied", ex.ResponseBodySnippet, StringComparison.Ordinal);
            Assert.Equal(2, _videoHost.LogEntries.Count());
        }

        [Fact]
        public async Task DownloadVideoAsync_Expired_ThrowsExpiredSayingGenerateAgainWithoutAnyRequest()
        {
            using var client = _api.Client(_clock);
            var task = Completed("/v/1.mp4", expiresAt: _clock.GetUtcNow().AddSeconds(-1));

            var ex = await Assert.ThrowsAsync<VideoExpiredException>(() => client.DownloadVideoAsync(task, new MemoryStream()));

            Assert.Equal(TaskId, ex.TaskId);
            Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
            Assert.Contains("generated again", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_videoHost.LogEntries);
        }

        [Theory]
        [InlineData("in_progress", "not completed")]
        [InlineData("failed", "failed")]
        public async Task DownloadVideoAsync_TaskNotCompleted_ThrowsExplainingWhy(string status, string expected)
        {
            using var client = _api.Client(_clock);
            var task = new VideoTask(TaskId, null, new VideoTaskStatus(status), 40, _clock.GetUtcNow(), null, null, null,
                status == "failed" ? new VideoTaskError("generation_failed", "policy") : null, null);

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadVideoAsync(task, new MemoryStream()));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.Empty(_videoHost.LogEntries);
        }

        [Fact]
        public async Task DownloadVideoAsync_CompletedWithoutUrl_ThrowsExplainingWhy()
        {
            using var client = _api.Client(_clock);
            var task = new VideoTask(TaskId, null, VideoTaskStatus.Completed, 100, _clock.GetUtcNow(), null, null, null, null, null);

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadVideoAsync(task, new MemoryStream()));

            Assert.Contains("no video URL", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task DownloadVideoAsync_ConnectionDroppedMidBody_LeavesNoFileAtTargetOrBeside()
        {
            var folder = Path.GetDirectoryName(TestImages.WriteFile("placeholder", Array.Empty<byte>()))!;
            File.Delete(Path.Combine(folder, "placeholder"));
            var target = Path.Combine(folder, "video.mp4");
            using var client = ScriptedClient(() => ScriptedHandler.Body(new SyntheticBody(1_000_000, failAfter: 400_000), 1_000_000));

            await Assert.ThrowsAnyAsync<IOException>(() => client.DownloadVideoAsync(Completed("/v.mp4"), target));

            Assert.Empty(Directory.GetFiles(folder));
        }

        [Fact]
        public async Task DownloadVideoAsync_BodyShorterThanContentLength_ThrowsAndLeavesNoFile()
        {
            var folder = Path.GetDirectoryName(TestImages.WriteFile("placeholder", Array.Empty<byte>()))!;
            File.Delete(Path.Combine(folder, "placeholder"));
            var lying = new ScriptedHandler(_ =>
            {
                var response = ScriptedHandler.Body(new MemoryStream(new byte[100]), null);
                response.Content.Headers.TryAddWithoutValidation("Content-Length", "200");
                return response;
            });

            using var liar = new KlingVideoClient(new HttpClient(lying), _api.Options(), _clock);
            var ex = await Record.ExceptionAsync(() => liar.DownloadVideoAsync(Completed("/v.mp4"), Path.Combine(folder, "v.mp4")));

            Assert.NotNull(ex);
            Assert.Empty(Directory.GetFiles(folder));
        }

        [Fact]
        public async Task DownloadVideoAsync_Cancelled_LeavesNoFile()
        {
            var folder = Path.GetDirectoryName(TestImages.WriteFile("placeholder", Array.Empty<byte>()))!;
            File.Delete(Path.Combine(folder, "placeholder"));
            using var cancel = new CancellationTokenSource();
            using var client = ScriptedClient(() => ScriptedHandler.Body(new SyntheticBody(50_000_000), 50_000_000));
            var progress = new SyncProgress(new List<long>(), onReport: bytes =>
            {
                if (bytes > 1_000_000)
                {
                    cancel.Cancel();
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.DownloadVideoAsync(Completed("/v.mp4"), Path.Combine(folder, "v.mp4"), progress, cancel.Token));

            Assert.Empty(Directory.GetFiles(folder));
        }

        [Fact]
        public async Task DownloadVideoAsync_MissingFolder_ThrowsDirectoryNotFound()
        {
            using var client = _api.Client(_clock);
            await Assert.ThrowsAsync<DirectoryNotFoundException>(
                () => client.DownloadVideoAsync(Completed("/v.mp4"), Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "v.mp4")));
        }

        private KlingVideoClient ScriptedClient(Func<HttpResponseMessage> respond)
            => new(new HttpClient(new ScriptedHandler(_ => respond())), _api.Options(), _clock);

        private void ServeVideo(string path)
            => _videoHost.Given(Request.Create().WithPath(path).UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "video/mp4").WithBody(Video));

        private VideoTask Completed(string path, DateTimeOffset? expiresAt = null)
            => new(TaskId, "kling-video-o1", VideoTaskStatus.Completed, 100, _clock.GetUtcNow().AddMinutes(-5), _clock.GetUtcNow().AddMinutes(-1),
                expiresAt ?? _clock.GetUtcNow().AddHours(23), new Uri(_videoHost.Url + path), null, null);

        private string CompletedJson(string url)
        {
            var now = _clock.GetUtcNow().ToUnixTimeSeconds();
            return $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":{now - 300},\"completed_at\":{now - 60},\"expires_at\":{now + 86_000},"
                + $"\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"{url}\",\"format\":\"mp4\"}}]}}}}";
        }

        private sealed class SyncProgress : IProgress<long>
        {
            private readonly List<long> _reports;
            private readonly Action<long>? _onReport;

            public SyncProgress(List<long> reports, Action<long>? onReport = null)
            {
                _reports = reports;
                _onReport = onReport;
            }

            public void Report(long value)
            {
                _reports.Add(value);
                _onReport?.Invoke(value);
            }
        }
    }
}
