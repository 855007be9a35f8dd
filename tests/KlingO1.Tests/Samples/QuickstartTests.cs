using System;
using System.IO;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Samples
{
    /// <summary>Issue 18: the quickstart sample runs offline, on the simulator, when no API key is set.</summary>
    public sealed class QuickstartTests
    {
        [Fact]
        public async Task Quickstart_WithoutApiKey_GeneratesTheFirstVideoOnTheSimulatorAndSaysSo()
        {
            var workingDirectory = Directory.CreateTempSubdirectory("kling-quickstart-");
            try
            {
                using var quickstart = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "KlingO1.Quickstart.dll"), workingDirectory.FullName);

                // A pro 5 s clip at 60 times the service's speed: a few seconds; the bound is for a loaded machine.
                Assert.True(await quickstart.WaitForExitAsync(TimeSpan.FromMinutes(2)), "still running after 2 minutes:\n" + quickstart.Output);

                Assert.Equal(0, quickstart.ExitCode);
                Assert.Contains("running on the built-in simulator", quickstart.Output, StringComparison.Ordinal);
                Assert.Contains("Ready: http", quickstart.Output, StringComparison.Ordinal);
            }
            finally
            {
                workingDirectory.Delete(recursive: true);
            }
        }
    }
}
