using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Cli
{
    /// <summary>The CLI's download: the whole file or none, via a .part file, with no API key sent to the file host.</summary>
    public sealed class VideoDownloaderTests : IDisposable
    {
        private readonly ManualClock _clock = new();
        private readonly HttpClient _http = new();
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kling-download-test-");

        public void Dispose()
        {
            _http.Dispose();
            _directory.Delete(recursive: true);
        }

        [Fact]
        public async Task DownloadAsync_CompletedVideo_WritesTheWholeFileAndNoPartFile()
        {
            await using var simulator = await StartAsync();
            var video = await CompletedVideoUrlAsync(simulator);
            var target = Path.Combine(_directory.FullName, "clip.mp4");

            var written = await VideoDownloader.DownloadAsync(_http, video, target, CancellationToken.None);

            Assert.Equal(KlingSimulator.VideoContent.Length, written);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(target));
            Assert.Equal(new[] { "clip.mp4" }, _directory.GetFiles().Select(f => f.Name));
            Assert.False(simulator.Requests.Single(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)).HadAuthorization);
        }

        [Fact]
        public async Task DownloadAsync_ExistingTarget_IsReplaced()
        {
            await using var simulator = await StartAsync();
            var video = await CompletedVideoUrlAsync(simulator);
            var target = Path.Combine(_directory.FullName, "clip.mp4");
            await File.WriteAllTextAsync(target, "an older file");

            await VideoDownloader.DownloadAsync(_http, video, target, CancellationToken.None);

            Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(target));
        }

        [Fact]
        public async Task DownloadAsync_ExpiredUrl_ThrowsIOExceptionAndWritesNothing()
        {
            await using var simulator = await StartAsync();
            var video = await CompletedVideoUrlAsync(simulator);
            var target = Path.Combine(_directory.FullName, "clip.mp4");
            simulator.Faults.VideoUrlsExpired = true;

            var ex = await Assert.ThrowsAsync<IOException>(() => VideoDownloader.DownloadAsync(_http, video, target, CancellationToken.None));

            Assert.Contains("403", ex.Message, StringComparison.Ordinal);
            Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_directory.GetFiles());
        }

        [Fact]
        public async Task DownloadAsync_Fails_LeavesAnExistingTargetUntouched()
        {
            await using var simulator = await StartAsync();
            var video = await CompletedVideoUrlAsync(simulator);
            var target = Path.Combine(_directory.FullName, "clip.mp4");
            await File.WriteAllTextAsync(target, "an older file");
            _clock.Advance(TimeSpan.FromDays(2));

            await Assert.ThrowsAsync<IOException>(() => VideoDownloader.DownloadAsync(_http, video, target, CancellationToken.None));

            Assert.Equal("an older file", await File.ReadAllTextAsync(target));
            Assert.Equal(new[] { "clip.mp4" }, _directory.GetFiles().Select(f => f.Name));
        }

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });

        private async Task<Uri> CompletedVideoUrlAsync(KlingSimulator simulator)
        {
            using var client = new KlingVideoClient(_http, new KlingVideoClientOptions { ApiKey = simulator.ApiKey, BaseAddress = simulator.BaseAddress }, _clock);
            var submitted = await client.SubmitAsync(new VideoGenerationRequest("A kite over a beach"));
            _clock.Advance(TimeSpan.FromMinutes(5));
            var task = await client.GetTaskAsync(submitted.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            return task.VideoUrl!;
        }
    }
}
