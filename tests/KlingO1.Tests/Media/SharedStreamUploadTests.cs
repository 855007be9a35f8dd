using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// Two submits of one request whose image is one seekable stream: the uploads take turns on the stream, so each sends
    /// the whole image instead of interleaving reads on one Position into corrupted, billed uploads.
    /// </summary>
    public sealed class SharedStreamUploadTests
    {
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes("END-OF-THE-IMAGE");

        [Fact]
        public async Task SubmitAsync_TwoConcurrentSubmitsOfOneStreamImage_EachUploadsTheWholeImage()
        {
            var image = TestImages.Png.Concat(new byte[1024 * 1024]).Concat(Marker).ToArray();
            var service = new PausingUploadService();
            using var client = new KlingVideoClient(service, new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, Retry = new KlingRetryOptions { MaxAttempts = 1 } }, disposeHandler: true);
            var request = new PromptBuilder().Text("A cat in ").Image(new MemoryStream(image), "cat.png").Build();

            var first = client.StartGenerationAsync(request);
            await service.FirstPaused.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var second = client.StartGenerationAsync(request);
            for (var i = 0; i < 100 && service.UploadsStarted < 2; i++)
            {
                await Task.Yield();
            }

            var overlapped = service.UploadsStarted == 2;
            service.Resume.TrySetResult();
            await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(overlapped, "the second upload read the stream while the first was reading it");
            Assert.Equal(2, service.Bodies.Count);
            Assert.All(service.Bodies, body => Assert.True(Contains(body, Marker) && Contains(body, TestImages.Png.Take(8).ToArray()), "an upload lost part of the image"));
            Assert.Single(service.Bodies.Select(b => b.Length).Distinct());
        }

        private static bool Contains(byte[] body, byte[] part)
        {
            for (var i = 0; i + part.Length <= body.Length; i++)
            {
                if (body.AsSpan(i, part.Length).SequenceEqual(part))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reads each upload's body; the first one pauses midway until the test resumes it.</summary>
        private sealed class PausingUploadService : HttpMessageHandler
        {
            private int _uploads;

            public TaskCompletionSource FirstPaused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public ConcurrentBag<byte[]> Bodies { get; } = new();

            public int UploadsStarted => Volatile.Read(ref _uploads);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.AbsolutePath.EndsWith("/uploads/images", StringComparison.Ordinal))
                {
                    var number = Interlocked.Increment(ref _uploads);
                    var sink = new PausingSink(number == 1 ? this : null);
                    await request.Content!.CopyToAsync(sink, cancellationToken);
                    Bodies.Add(sink.ToArray());
                    return Json($"{{\"success\":true,\"data\":{{\"id\":\"file_{number}\",\"url\":\"https://files.kling.test/file_{number}.png\",\"mime_type\":\"image/png\",\"size\":1}}}}");
                }

                return Json(Payloads.Read("submit-response.json"));
            }

            private static HttpResponseMessage Json(string body)
                => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

            private sealed class PausingSink : MemoryStream
            {
                private readonly PausingUploadService? _pauser;
                private int _writes;

                public PausingSink(PausingUploadService? pauser) => _pauser = pauser;

                public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
                {
                    Write(buffer.Span);
                    if (_pauser is not null && ++_writes == 2)
                    {
                        _pauser.FirstPaused.TrySetResult();
                        await _pauser.Resume.Task;
                    }
                }

                public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                    => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
            }
        }
    }
}
