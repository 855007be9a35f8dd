using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using static KlingO1.Tests.Cli.CliHarness;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// `kling wait` through trouble: with the service unreachable it shows each status read that failed and is retried
    /// (it was silent for 10 minutes), and when it gives up it says `kling wait &lt;id&gt;` (it advised an SDK method).
    /// </summary>
    public sealed class WaitCommandTests
    {
        [Fact]
        public async Task Wait_ServiceUnreachable_ShowsEachRetriedReadThenGivesUpNamingKlingWait()
        {
            // Nothing listens on the port: every status read is refused at once, on loopback.
            var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}/");
            var clock = new ManualClock();

            var wait = CliHarness.RunAsync(CancellationToken.None, clock, "wait", "video_gone_1", "--base-url", url, "--api-key", "sk_test");
            await clock.DriveAsync(wait, TimeSpan.FromMinutes(2));
            var run = await wait;

            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains(lines, line => line.StartsWith("status read failed (", StringComparison.Ordinal) && line.EndsWith("); retrying in 1 s...", StringComparison.Ordinal));
            Assert.True(lines.Count(line => line.Contains("status read failed", StringComparison.Ordinal)) >= 10, run.Error);
            Assert.Contains("still waiting, retrying...", run.Error, StringComparison.Ordinal);
            Assert.StartsWith("error: gave up waiting for task video_gone_1 after 10 min (no status read succeeded).", lines[^1], StringComparison.Ordinal);
            Assert.EndsWith("It may still be running: `kling wait video_gone_1` waits again.", lines[^1], StringComparison.Ordinal);
            AssertSpeaksCli(run);
        }

        [Fact]
        public async Task Wait_OnASimulator_PrintsTheCompletedTask()
        {
            var clock = new ManualClock();
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var operation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var wait = CliHarness.RunAsync(CancellationToken.None, clock, "wait", operation.Id, "--base-url", simulator.BaseAddress.AbsoluteUri, "--api-key", simulator.ApiKey);
            await clock.DriveAsync(wait, TimeSpan.FromSeconds(20));
            var run = await wait;

            Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
            Assert.StartsWith(operation.Id + "  completed  100%", run.Output, StringComparison.Ordinal);
            Assert.Contains(operation.Id + "  completed  100%", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Wait_TaskFailed_PrintsItAndExits1()
        {
            var clock = new ManualClock();
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var operation = await client.StartGenerationAsync(new VideoGenerationRequest("A [fail] cat"));

            var wait = CliHarness.RunAsync(CancellationToken.None, clock, "wait", operation.Id, "--base-url", simulator.BaseAddress.AbsoluteUri, "--api-key", simulator.ApiKey);
            await clock.DriveAsync(wait, TimeSpan.FromSeconds(20));
            var run = await wait;

            Assert.Equal(KlingCli.Failed, run.ExitCode);
            Assert.Contains(operation.Id + "  failed", run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Download_TaskStillRunning_Exits1SayingKlingWait()
        {
            var clock = new ManualClock();
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            var operation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".mp4");

            var run = await CliHarness.RunAsync(CancellationToken.None, clock, "download", operation.Id, "--out", output, "--base-url", simulator.BaseAddress.AbsoluteUri, "--api-key", simulator.ApiKey);

            Assert.Equal(KlingCli.Failed, run.ExitCode);
            Assert.Contains($"task {operation.Id} has no video to download (queued, 0%). `kling wait {operation.Id}` waits for it.", run.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
    }
}
