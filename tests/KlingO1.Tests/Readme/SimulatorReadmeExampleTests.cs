using System;
using System.IO;
using System.Threading.Tasks;
using KlingO1.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Readme
{
    /// <summary>
    /// The simulator's examples, as the READMEs show them (the package's own, and the SDK's section pointing to it):
    /// each runs here, and <see cref="ReadmeSnippetTests"/> fails when a README's text drifts from it.
    /// </summary>
    public sealed class SimulatorReadmeExampleTests
    {
        [Fact]
        public async Task FirstTest_Runs()
        {
            // README: KlingO1.Testing.README.md
            var clock = new FakeTimeProvider();
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = simulator.CreateClient();                 // its address, key and clock

            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = "order-42" });
            clock.Advance(TimeSpan.FromMinutes(2));                      // no waiting: the task is done
            Assert.Equal(VideoTaskStatus.Completed, (await generation.UpdateAsync()).Status);

            var created = Assert.Single(simulator.Tasks);                // exactly one (billed) task was created
            Assert.Equal("order-42", created.ClientBusinessId);          // and everything its submit carried
            // README end
        }

        [Fact]
        public async Task SdkReadmeSection_Runs()
        {
            // README: README.md
            var clock = new FakeTimeProvider();   // or leave the system clock and set TimeScale = 20 (twenty times faster)
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = simulator.CreateClient();                  // its address, key, clock and polling pace

            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));                       // no waiting: the task is done
            Assert.Equal(VideoTaskStatus.Completed, (await generation.UpdateAsync()).Status);
            Assert.Single(simulator.Tasks);                               // exactly one (billed) task was created
            // README end
        }

        [Fact]
        public async Task OwnOptions_Build()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = new FakeTimeProvider() });
            // README: KlingO1.Testing.README.md
            var options = simulator.CreateClientOptions();
            options.GenerateClientBusinessIds = true;
            using var client = new KlingVideoClient(options);
            // README end
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            Assert.NotNull(Assert.Single(simulator.Tasks).ClientBusinessId);
        }

        [Fact]
        public async Task InMemory_Runs()
        {
            var clock = new FakeTimeProvider();
            // README: KlingO1.Testing.README.md
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = simulator.CreateClient();                 // through simulator.CreateHandler(): no socket

            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));
            var done = await generation.UpdateAsync();

            using var video = new MemoryStream();
            await client.DownloadVideoAsync(done, video);                // the file host answers through the same handler
            Assert.Equal(KlingSimulator.VideoContent.Length, video.Length);
            // README end
        }

        [Fact]
        public async Task WhatASubmitCarried_Runs()
        {
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = new FakeTimeProvider() });
            using var client = simulator.CreateClient();
            // README: KlingO1.Testing.README.md
            var request = new PromptBuilder()
                .Text("Start on ").FirstFrame("https://example.com/dawn.jpg")
                .Text(", end on ").EndFrame("https://example.com/dusk.jpg")
                .Build();
            await client.StartGenerationAsync(request);

            var sent = Assert.Single(simulator.Tasks);
            Assert.Equal("https://example.com/dawn.jpg", sent.FirstFrameUrl);
            Assert.True(sent.UsesOmniShape);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
            // README end
        }

        [Fact]
        public async Task LostSubmitRecovery_Runs()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = new FakeTimeProvider() });
            // README: KlingO1.Testing.README.md
            var options = simulator.CreateClientOptions();
            options.GenerateClientBusinessIds = true;                    // every submit gets a business id
            using var client = new KlingVideoClient(options);
            simulator.Faults.LoseSubmitResponses(1);                     // the task is created (billed), the answer lost

            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Equal(Assert.Single(simulator.Tasks).Id, submitted.Id); // found by its business id, not submitted again
            // README end
        }
    }
}
