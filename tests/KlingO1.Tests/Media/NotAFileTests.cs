using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Legs;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// A path that names a pipe or device is refused before it is opened: opening a named pipe blocks the thread until
    /// something writes to it, and a device can stream for ever.
    /// </summary>
    public sealed class NotAFileTests : IClassFixture<KlingServerFixture>, IDisposable
    {
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly KlingServerFixture _server;
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "kling-notafile-" + Guid.NewGuid().ToString("N"));

        public NotAFileTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            Directory.CreateDirectory(_folder);
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        [Fact]
        public async Task UploadImageAsync_NamedPipe_RefusedWithoutBlocking()
        {
            var pipe = MakeFifo("frame.png");

            await RefusedWithoutBlockingAsync(pipe, () => Task.Run(async () =>
            {
                using var client = _server.Client();
                await client.UploadImageAsync(pipe);
            }));
        }

        [Fact]
        public async Task SubmitAsync_LinkToANamedPipe_RefusedWithoutBlocking()
        {
            var pipe = MakeFifo("real.png");
            var link = Path.Combine(_folder, "link.png");
            File.CreateSymbolicLink(link, pipe);

            await RefusedWithoutBlockingAsync(pipe, () => Task.Run(async () =>
            {
                using var client = _server.Client();
                await client.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> waves", new[] { KlingImageSource.FromFile(link) }));
            }));
        }

        [Fact]
        public async Task UploadVideoAsync_Device_Refused()
        {
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.UploadVideoAsync("/dev/zero"));

            Assert.Contains("pipe or device", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        private async Task RefusedWithoutBlockingAsync(string pipe, Func<Task> operation)
        {
            var attempt = operation();
            try
            {
                var ex = await Assert.ThrowsAsync<ArgumentException>(() => attempt.WaitAsync(HangGuard));
                Assert.Contains("pipe or device", ex.Message, StringComparison.Ordinal);
                Assert.Empty(_server.Received());
            }
            finally
            {
                if (!attempt.IsCompleted)
                {
                    // Release a reader stuck in open(): a writer that connects and closes gives it an end of file.
                    using (new FileStream(pipe, FileMode.Open, FileAccess.Write))
                    {
                    }
                }
            }
        }

        private string MakeFifo(string name)
        {
            var path = Path.Combine(_folder, name);
            Assert.Equal(0, mkfifo(path, Convert.ToUInt32("600", 8)));
            return path;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int mkfifo(string path, uint mode);
    }
}
