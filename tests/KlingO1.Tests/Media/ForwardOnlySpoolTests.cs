using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// A forward-only stream is read into memory before its upload: within the upload's time limit, and in fixed pieces,
    /// so a stalled source ends the call and a large one costs about its own size.
    /// </summary>
    [Collection(nameof(MemoryMeasurement))]
    public sealed class ForwardOnlySpoolTests
    {
        [Fact]
        public async Task UploadImageAsync_ForwardOnlySourceThatStalls_EndsAtTheUploadLimitWithNothingSent()
        {
            var clock = new ManualClock();
            var requests = 0;
            using var client = new KlingVideoClient(
                new HttpClient(new ScriptedHandler(_ => { requests++; return new HttpResponseMessage(HttpStatusCode.OK); })),
                new KlingVideoClientOptions { ApiKey = "tk-spool", Timeouts = new KlingTimeoutOptions { Upload = TimeSpan.FromSeconds(30) } },
                clock);

            var upload = client.UploadImageAsync(new StallsAfterHeader(TestImages.Png), "stalls.png");
            await clock.DriveAsync(upload, TimeSpan.FromSeconds(30));
            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => upload);

            Assert.Equal(TimeSpan.FromSeconds(30), ex.Timeout);
            Assert.Contains("nothing was sent", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, requests);
        }

        [Fact]
        public async Task UploadVideoAsync_FortyMegabyteForwardOnlyStream_AllocatesAboutItsOwnSize()
        {
            const long Size = 40L * 1024 * 1024;
            using var client = new KlingVideoClient(
                new HttpClient(new ScriptedHandler(request =>
                {
                    request.Content!.CopyTo(Stream.Null, null, default);
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(UploadVideoTests.VideoUploadAnswer(), Encoding.UTF8, "application/json") };
                })),
                new KlingVideoClientOptions { ApiKey = "tk-spool" },
                TimeProvider.System);

            var before = GC.GetTotalAllocatedBytes(precise: true);
            await client.UploadVideoAsync(new LengthOnlyStream(TestVideos.Mp4, Size, seekable: false), "clip.mp4");
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            // A growing MemoryStream would allocate about three times the size (64 MB of capacity plus every copy on the way).
            Assert.InRange(allocated, Size, Size + (8L * 1024 * 1024));
        }

        private sealed class StallsAfterHeader : AsyncReadOnlyBody
        {
            private readonly byte[] _header;
            private int _sent;

            public StallsAfterHeader(byte[] header) => _header = header;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_sent < _header.Length)
                {
                    var n = Math.Min(buffer.Length, _header.Length - _sent);
                    _header.AsMemory(_sent, n).CopyTo(buffer);
                    _sent += n;
                    return n;
                }

                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
        }
    }
}
