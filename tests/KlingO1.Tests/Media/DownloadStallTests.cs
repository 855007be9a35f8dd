using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// Nothing a download reads can hang it: a video body that stalls on a half-open connection ends after
    /// <see cref="KlingTimeoutOptions.DownloadIdle"/> without a byte, and a refusal whose body trickles is reported with what
    /// arrived. All on the client's clock, advanced by the test.
    /// </summary>
    public sealed class DownloadStallTests : IDisposable
    {
        private readonly ManualClock _clock = new();
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "klingo1-stall-" + Guid.NewGuid().ToString("N"));

        public DownloadStallTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task DownloadVideoAsync_BodyStallsMidway_GivesUpAfterTheIdleLimitAndLeavesNoFile()
        {
            using var client = Client(_ => ScriptedHandler.Body(new StallingBody(prefix: 100_000), 1_000_000));
            var target = Path.Combine(_folder, "cat.mp4");

            var download = client.DownloadVideoAsync(Task(), target);
            var slept = await _clock.DriveAsync(download, TimeSpan.FromMinutes(5));
            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => download);

            Assert.Equal(TimeSpan.FromSeconds(30), ex.Timeout);
            Assert.Contains("no byte for 00:00:30 after 100,000 bytes", ex.Message, StringComparison.Ordinal);
            Assert.Contains(TimeSpan.FromSeconds(30), slept);
            Assert.Empty(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public async Task DownloadVideoAsync_RefusalBodyTrickles_ReportsTheRefusalWithWhatArrived()
        {
            using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(new StallingBody(prefix: 10)) });

            var download = client.DownloadVideoAsync(Task(), new CountingStream());
            await _clock.DriveAsync(download, TimeSpan.FromMinutes(5));
            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => download);

            Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
            Assert.Equal(10, ex.ResponseBodySnippet!.Length);
        }

        [Fact]
        public async Task DownloadVideoAsync_CallerCancelsDuringAStall_IsACancellationNotATimeout()
        {
            using var client = Client(_ => ScriptedHandler.Body(new StallingBody(prefix: 10), 1_000_000));
            using var cts = new CancellationTokenSource();

            var download = client.DownloadVideoAsync(Task(), new CountingStream(), cancellationToken: cts.Token);
            cts.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        }

        [Fact]
        public async Task DownloadVideoAsync_TargetIsAFolder_IsRefusedBeforeAnyByteIsFetched()
        {
            var requests = 0;
            using var client = Client(_ =>
            {
                Interlocked.Increment(ref requests);
                return ScriptedHandler.Body(new StallingBody(prefix: 10), 10);
            });

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadVideoAsync(Task(), _folder));

            Assert.Contains("is a folder", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, requests);
        }

        [Fact]
        public async Task DownloadVideoAsync_TargetNameAsLongAsTheFileSystemAllows_IsSaved()
        {
            // 255 bytes is the longest file name on common file systems; the temporary name must not be longer.
            var target = Path.Combine(_folder, new string('v', 251) + ".mp4");
            using var client = Client(_ => ScriptedHandler.Body(new SyntheticBody(1000), 1000));

            var written = await client.DownloadVideoAsync(Task(), target);

            Assert.Equal(1000, written);
            Assert.Equal(1000, new FileInfo(target).Length);
            Assert.Single(Directory.GetFileSystemEntries(_folder));
        }

        [Fact]
        public void Problems_DownloadIdleOutOfRange_IsNamed()
            => Assert.StartsWith("Timeouts.DownloadIdle must be", Assert.Single(new KlingVideoClientOptions { ApiKey = "k", Timeouts = new KlingTimeoutOptions { DownloadIdle = TimeSpan.Zero } }.Problems()), StringComparison.Ordinal);

        private static VideoTask Task()
            => KlingVideoModelFactory.VideoTask("video_stall", VideoTaskStatus.Completed, videoUrl: new Uri("https://files.kling.test/video_stall.mp4"));

        private KlingVideoClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer)
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
                Timeouts = new KlingTimeoutOptions { DownloadIdle = TimeSpan.FromSeconds(30) },
                TimeProvider = _clock,
            };
            return new KlingVideoClient(new ScriptedHandler(answer), options, disposeHandler: true);
        }

        /// <summary>A body that gives <c>prefix</c> bytes and then nothing, as a half-open connection does, until cancelled.</summary>
        private sealed class StallingBody : AsyncReadOnlyBody
        {
            private readonly long _prefix;
            private long _position;

            public StallingBody(long prefix) => _prefix = prefix;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_position < _prefix)
                {
                    var n = (int)Math.Min(buffer.Length, _prefix - _position);
                    buffer.Span.Slice(0, n).Fill((byte)'x');
                    _position += n;
                    return n;
                }

                await System.Threading.Tasks.Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
        }
    }
}
