using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
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

            // Each upload's body is read as it is sent; the first one pauses midway until the test resumes it.
            var firstPaused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var bodies = new ConcurrentBag<byte[]>();
            var service = new ScriptedHandler { ReadsBodies = false }
                .On("POST", ScriptedHandler.Uploads, async (upload, token) =>
                {
                    var sink = new PausingSink(upload.NumberOnRoute == 1 ? (firstPaused, resume.Task) : null);
                    await upload.Message.Content!.CopyToAsync(sink, token);
                    bodies.Add(sink.ToArray());
                    return Respond.Message(200, $"{{\"success\":true,\"data\":{{\"id\":\"file_{upload.NumberOnRoute}\",\"url\":\"https://files.kling.test/file_{upload.NumberOnRoute}.png\",\"mime_type\":\"image/png\",\"size\":1}}}}");
                })
                .OnSubmit(Respond.Status(200, Payloads.Read("submit-response.json")));
            using var client = new KlingVideoClient(service, new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, Retry = new KlingRetryOptions { MaxAttempts = 1 } }, disposeHandler: true);
            var request = new PromptBuilder().Text("A cat in ").Image(new MemoryStream(image), "cat.png").Build();

            int UploadsStarted() => service.Count("POST", ScriptedHandler.Uploads);

            var first = client.StartGenerationAsync(request);
            await firstPaused.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var second = client.StartGenerationAsync(request);
            for (var i = 0; i < 100 && UploadsStarted() < 2; i++)
            {
                await Task.Yield();
            }

            var overlapped = UploadsStarted() == 2;
            resume.TrySetResult();
            await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(overlapped, "the second upload read the stream while the first was reading it");
            Assert.Equal(2, bodies.Count);
            Assert.All(bodies, body => Assert.True(Contains(body, Marker) && Contains(body, TestImages.Png.Take(8).ToArray()), "an upload lost part of the image"));
            Assert.Single(bodies.Select(b => b.Length).Distinct());
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

        /// <summary>Collects an upload's body; with a pause, holds the second write until the test resumes it.</summary>
        private sealed class PausingSink : MemoryStream
        {
            private readonly (TaskCompletionSource Paused, Task Resume)? _pause;
            private int _writes;

            public PausingSink((TaskCompletionSource Paused, Task Resume)? pause) => _pause = pause;

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Write(buffer.Span);
                if (_pause is { } pause && ++_writes == 2)
                {
                    pause.Paused.TrySetResult();
                    await pause.Resume;
                }
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
                => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }
    }
}
