using System;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>The one test clock: driving one wait must not take the timers of the next.</summary>
    public sealed class ManualClockTests
    {
        // A wait far from its task's end sleeps up to this long.
        private static readonly TimeSpan LongestSleep = new KlingPollingOptions().MaxInterval * KlingO1.Polling.ProgressAwareSchedule.FarIntervals;

        [Fact]
        public async Task DriveAsync_ThenAnotherWaitOnTheSameClock_IsDrivenToo()
        {
            var clock = new ManualClock();
            await using var simulator = KlingO1.Testing.KlingSimulator.CreateInMemory(new KlingO1.Testing.KlingSimulatorOptions { TimeProvider = clock });
            using var client = simulator.CreateClient();
            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var wait = generation.WaitForCompletionAsync();
            await clock.DriveAsync(wait, LongestSleep);
            await wait;

            // Read right after the last one: it waits for the read pace's next slot, a timer the first drive must leave.
            var watched = 0;
            var watch = Task.Run(async () =>
            {
                await foreach (var snapshot in client.WatchAsync(generation.Id))
                {
                    watched++;
                }
            });
            await clock.DriveAsync(watch, LongestSleep);
            await watch;

            Assert.Equal(1, watched);
        }
    }
}
