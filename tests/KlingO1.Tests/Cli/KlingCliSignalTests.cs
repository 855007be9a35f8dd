using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// The `kling` program as a real process: SIGTERM (a service manager, <c>docker stop</c>) cancels a generate on the
    /// built-in simulator as Ctrl+C does, and stops a `kling simulate`, at once. Wall-clock bounds here, as a real process
    /// and signal are under test.
    /// </summary>
    public sealed class KlingCliSignalTests
    {
        [NoApiKeyFact]
        public async Task Generate_OnTheSimulator_StopsOnSigtermWithinASecondWithExitCode143()
        {
            if (!ChildProcess.SignalsWork)
            {
                return;
            }

            var folder = Directory.CreateTempSubdirectory("kling-cli-signal-");
            try
            {
                var output = Path.Combine(folder.FullName, "x.mp4");
                using var kling = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "kling.dll"), folder.FullName, "generate", "a cat", "--out", output);

                // The task then runs for about 3.5 s more at the simulator's speed: SIGTERM comes well before its end.
                await kling.WaitForLineAsync(line => line.StartsWith("Submitted task", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
                var clock = Stopwatch.StartNew();
                kling.Terminate();
                var exited = await kling.WaitForExitAsync(TimeSpan.FromSeconds(30));
                clock.Stop();

                Assert.True(exited, "still running 30 s after SIGTERM:\n" + kling.Output);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped {clock.Elapsed.TotalMilliseconds:F0} ms after SIGTERM:\n{kling.Output}");
                Assert.True(kling.ExitCode == 143, $"exit code {kling.ExitCode}:\n{kling.Output}");
                Assert.Contains("Cancelled", kling.Output, StringComparison.Ordinal);
                Assert.Empty(folder.GetFiles());
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task Simulate_AsAServer_StopsOnSigtermWithinASecondWithSuccess()
        {
            if (!ChildProcess.SignalsWork)
            {
                return;
            }

            using var kling = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "kling.dll"), AppContext.BaseDirectory, "simulate", "--port", "0");

            await kling.WaitForLineAsync(line => line.StartsWith("Simulator listening at http://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            var clock = Stopwatch.StartNew();
            kling.Terminate();
            var exited = await kling.WaitForExitAsync(TimeSpan.FromSeconds(30));
            clock.Stop();

            Assert.True(exited, "still running 30 s after SIGTERM:\n" + kling.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped {clock.Elapsed.TotalMilliseconds:F0} ms after SIGTERM:\n{kling.Output}");
            Assert.True(kling.ExitCode == 0, $"exit code {kling.ExitCode}:\n{kling.Output}");
            Assert.Contains("Simulator stopped", kling.Output, StringComparison.Ordinal);
        }
    }
}
