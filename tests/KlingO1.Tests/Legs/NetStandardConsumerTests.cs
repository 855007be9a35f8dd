using System.Linq;
using System.Threading.Tasks;
using KlingO1.NetStandardConsumer;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Legs
{
    /// <summary>
    /// Issue 18: a netstandard2.0 library that uses KlingO1, run on .NET 8 and 10. It was compiled against KlingO1's
    /// netstandard2.0 surface, so it names <c>TimeProvider</c> and <c>IAsyncEnumerable</c> in the Microsoft.Bcl polyfill
    /// assemblies; here it runs beside KlingO1's net8.0/net10.0 build, which must bring those assemblies (they forward to
    /// the runtime's types). Before the fix its first call failed with "Could not load file or assembly
    /// 'Microsoft.Bcl.TimeProvider'" and, for a watch, 'Microsoft.Bcl.AsyncInterfaces'.
    /// </summary>
    public sealed class NetStandardConsumerTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task NetStandardLibrary_BuildsAClientOnItsClockAndWatchesATask_OnThisRuntime()
        {
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeScale = 20, TimeProvider = _clock });
            using var client = VideoWatcher.CreateClient(simulator.CreateHandler(), simulator.CreateClientOptions(), _clock);
            var operation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var watch = VideoWatcher.WatchStatusesAsync(client, operation.Id);
            await _clock.DriveAsync(watch, System.TimeSpan.FromSeconds(5));
            var statuses = await watch;

            Assert.Equal(VideoTaskStatus.Completed, statuses.Last());
            Assert.Single(simulator.Tasks);
        }
    }
}
