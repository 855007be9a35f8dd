using System;
using System.IO;
using System.Threading.Tasks;
using KlingO1.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Simulator
{
    /// <summary>The README's in-memory simulator example, verbatim, so the documentation cannot drift.</summary>
    public sealed class InMemoryReadmeExampleTests
    {
        [Fact]
        public async Task ReadmeInMemoryExample_Runs()
        {
            var clock = new FakeTimeProvider();
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            using var handler = simulator.CreateHandler();                // answers http://localhost/, the simulator's address
            using var client = new KlingVideoClient(handler, new KlingVideoClientOptions
            {
                ApiKey = simulator.ApiKey,
                BaseAddress = simulator.BaseAddress,
                TimeProvider = clock,
            });

            var task = await client.SubmitAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));
            var done = await client.GetTaskAsync(task.Id);
            using var video = new MemoryStream();
            await client.DownloadVideoAsync(done, video);                 // the file host answers through the same handler
            Assert.Equal(KlingSimulator.VideoContent.Length, video.Length);
        }
    }
}
