using System;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KlingO1.Tests.Media
{
    /// <summary>Runs alone: it measures the process's allocations, which parallel tests would blur.</summary>
    [CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
    public sealed class MemoryMeasurement
    {
    }

    [Collection(nameof(MemoryMeasurement))]
    public sealed class DownloadMemoryTests
    {
        private const long VideoSize = 200L * 1024 * 1024;
        private readonly ITestOutputHelper _output;

        public DownloadMemoryTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task DownloadVideoAsync_200MegabyteBody_AllocatesAFixedAmountNotTheVideo()
        {
            var clock = new ManualClock();
            var options = new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri("http://127.0.0.1:1/") };
            using var client = new KlingVideoClient(new HttpClient(new ScriptedHandler(_ => ScriptedHandler.Body(new SyntheticBody(VideoSize), VideoSize))), options, clock);
            var task = new VideoTask("video_big", null, VideoTaskStatus.Completed, 100, clock.GetUtcNow(), clock.GetUtcNow(), clock.GetUtcNow().AddHours(24),
                new Uri("https://files.example.com/big.mp4"), null, null);
            // The counter is the process's: work other tests left running adds to a measurement, never takes from it, so the
            // least of five downloads is the download's own cost.
            var allocated = long.MaxValue;
            long written = 0;
            var destination = new CountingStream();
            for (var run = 0; run < 5; run++)
            {
                destination = new CountingStream();
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                written = await client.DownloadVideoAsync(task, destination);
                allocated = Math.Min(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
            }

            _output.WriteLine($"downloaded {written:N0} bytes, allocated {allocated:N0} bytes ({100.0 * allocated / written:F3}% of the body)");
            Assert.Equal(VideoSize, written);
            Assert.Equal(VideoSize, destination.Written);
            Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated:N0} bytes for a {VideoSize:N0}-byte download");
        }
    }
}
