using System;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Simulator
{
    /// <summary>The README's "Testing your code" example, verbatim, so the documentation cannot drift.</summary>
    public sealed class ReadmeExampleTests
    {
        [Fact]
        public async Task ReadmeSimulatorExample_Runs()
        {
            var clock = new FakeTimeProvider();   // or leave the default system clock and use TimeScale
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = new KlingVideoClient(new KlingVideoClientOptions
            {
                ApiKey = simulator.ApiKey,
                BaseAddress = simulator.BaseAddress,
                TimeProvider = clock,
            });

            var task = await client.SubmitAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));                       // no waiting: the task is done
            Assert.Equal(VideoTaskStatus.Completed, (await client.GetTaskAsync(task.Id)).Status);
            Assert.Single(simulator.Tasks);                               // exactly one (billed) task was created
        }
    }
}
