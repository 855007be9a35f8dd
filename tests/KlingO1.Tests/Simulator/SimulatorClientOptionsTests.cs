using System;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// <see cref="KlingSimulator.CreateClientOptions"/>: a client that polls at the simulator's time scale, so a fast
    /// simulator gives a fast wait instead of the service's 5-second first read.
    /// </summary>
    public sealed class SimulatorClientOptionsTests
    {
        private readonly ManualClock _clock = new();

        [Theory]
        [InlineData(1, 5_000, 15_000, 600_000)]
        [InlineData(20, 250, 750, 60_000)]
        [InlineData(0.5, 10_000, 30_000, 1_200_000)]
        [InlineData(1_000_000, 1, 1, 60_000)]
        public async Task CreateClientOptions_TimeScale_DividesThePollingPace(double timeScale, int firstReadMs, int longestIntervalMs, int waitLimitMs)
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = timeScale, TimeProvider = _clock });

            var options = simulator.CreateClientOptions();

            Assert.Equal(TimeSpan.FromMilliseconds(firstReadMs), options.Polling.InitialDelay);
            Assert.Equal(TimeSpan.FromMilliseconds(longestIntervalMs), options.Polling.MaxInterval);
            Assert.Equal(TimeSpan.FromMilliseconds(waitLimitMs), options.Polling.Timeout);
            Assert.Equal(simulator.BaseAddress, options.BaseAddress);
            Assert.Equal(simulator.ApiKey, options.ApiKey);
            Assert.Same(_clock, options.TimeProvider);
            using var client = new KlingVideoClient(options); // valid as built
        }

        [Fact]
        public async Task GenerateAsync_TwentyTimesFaster_FinishesInAboutATwentiethOfTheServiceTime()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = 20, TimeProvider = _clock });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var started = _clock.GetUtcNow();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, TimeSpan.FromSeconds(5));
            var video = await generate;

            // A standard 5-second clip runs about 68 s at the service: 3.4 s here, seen within one longest interval.
            var took = _clock.GetUtcNow() - started;
            Assert.Equal(VideoTaskStatus.Completed, video.Status);
            Assert.InRange(took, TimeSpan.FromSeconds(3.4), TimeSpan.FromSeconds(3.4 + 0.75 + 0.1));
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task CreateClient_LoopbackOrInMemory_GeneratesAVideoAndDownloadsIt(bool inMemory)
        {
            var options = new KlingSimulatorOptions { TimeScale = 20, TimeProvider = _clock };
            await using var simulator = inMemory ? KlingSimulator.CreateInMemory(options) : await KlingSimulator.StartAsync(options);
            using var client = simulator.CreateClient();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, TimeSpan.FromSeconds(5));
            var video = await generate;
            using var saved = new System.IO.MemoryStream();
            await client.DownloadVideoAsync(video, saved);

            Assert.Equal(KlingSimulator.VideoContent.ToArray(), saved.ToArray());
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task CreateClientOptions_EachCall_ReturnsFreshOptions()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });

            var first = simulator.CreateClientOptions();
            first.Polling.InitialDelay = TimeSpan.FromSeconds(1);

            Assert.Equal(TimeSpan.FromSeconds(5), simulator.CreateClientOptions().Polling.InitialDelay);
        }
    }
}
