using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// `kling simulate` runs a simulator as a server until cancelled, printing its address and key; other `kling`
    /// runs (other clients) use it with --base-url and --api-key, and find the tasks of earlier ones still there.
    /// </summary>
    public sealed class SimulateCommandTests
    {
        private static readonly Regex Listening = new(
            @"^Simulator listening at (?<url>http://127\.0\.0\.1:\d+/) \(API key: (?<key>\S+)\)\. Press Ctrl\+C to stop\.$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        [Fact]
        public async Task Simulate_ThenOtherRunsWithBaseUrl_GenerateStatusWaitAndDownloadAgainstItUntilCancelled()
        {
            var folder = Directory.CreateTempSubdirectory("kling-simulate-");
            using var stop = new CancellationTokenSource();
            var output = new LineWriter();
            var error = new LineWriter();
            var server = new KlingCli(output, error, interactive: false).RunAsync(["simulate", "--port", "0", "--api-key", "sk_local", "--time-scale", "1000"], stop.Token);
            try
            {
                var listening = Listening.Match(await output.WaitForLineAsync(line => line.StartsWith("Simulator listening", StringComparison.Ordinal)));
                var url = listening.Groups["url"].Value;
                var connect = new[] { "--base-url", url, "--api-key", listening.Groups["key"].Value };
                Assert.Equal("sk_local", listening.Groups["key"].Value);
                Assert.Contains($"export TOAPIS_BASE_URL={url} TOAPIS_API_KEY=sk_local", output.ToString(), StringComparison.Ordinal);

                var generated = await RunAsync(["generate", "A cat", "--out", Path.Combine(folder.FullName, "cat.mp4"), .. connect]);
                var taskId = Regex.Match(generated.Output, @"from task (video_sim_\d+)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value;
                var status = await RunAsync(["status", taskId, .. connect]);
                var waited = await RunAsync(["wait", taskId, .. connect]);
                var copy = Path.Combine(folder.FullName, "again.mp4");
                var downloaded = await RunAsync(["download", taskId, "--out", copy, .. connect]);

                Assert.True(generated.ExitCode == KlingCli.Ok, generated.Error);
                Assert.DoesNotContain("built-in offline simulator", generated.Error, StringComparison.Ordinal);
                Assert.Equal(KlingCli.Ok, status.ExitCode);
                Assert.StartsWith(taskId + "  completed  100%", status.Output, StringComparison.Ordinal);
                Assert.Contains("video: " + url + "files/videos/" + taskId + "/output.mp4", status.Output, StringComparison.Ordinal);
                Assert.Equal(KlingCli.Ok, waited.ExitCode);
                Assert.True(downloaded.ExitCode == KlingCli.Ok, downloaded.Error);
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(copy));
            }
            finally
            {
                await stop.CancelAsync();
                folder.Delete(recursive: true);
            }

            // After the run's own assertions, so a failure there is the one reported.
            Assert.Equal(KlingCli.Ok, await server);
            Assert.Contains("Simulator stopped; it simulated 1 task.", error.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Simulate_WithWebhookUrlAndSecret_PostsEachTasksSignedFinalEventToTheEndpoint()
        {
            const string Secret = "whsec_cli";
            await using var receiver = await KlingO1.Tests.Simulator.Webhooks.WebhookReceiver.StartAsync(Secret, TimeProvider.System);
            var folder = Directory.CreateTempSubdirectory("kling-simulate-");
            using var stop = new CancellationTokenSource();
            var output = new LineWriter();
            var server = new KlingCli(output, TextWriter.Null, interactive: false).RunAsync(
                ["simulate", "--time-scale", "1000", "--webhook-url", receiver.Url.AbsoluteUri, "--webhook-secret", Secret], stop.Token);
            try
            {
                var listening = Listening.Match(await output.WaitForLineAsync(line => line.StartsWith("Simulator listening", StringComparison.Ordinal)));
                var generated = await RunAsync(["generate", "A cat", "--out", Path.Combine(folder.FullName, "cat.mp4"), "--base-url", listening.Groups["url"].Value, "--api-key", listening.Groups["key"].Value]);
                var taskId = Regex.Match(generated.Output, @"from task (video_sim_\d+)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value;

                var delivery = await receiver.NextAsync();

                Assert.Contains("Webhooks: each task's final event is posted to " + receiver.Url.AbsoluteUri, output.ToString(), StringComparison.Ordinal);
                Assert.Equal(200, delivery.Status);
                Assert.Equal(KlingWebhookEvent.CompletedType, delivery.Event?.Type);
                Assert.Equal(taskId, delivery.Event?.Task?.Id);
            }
            finally
            {
                await stop.CancelAsync();
                await server;
                folder.Delete(recursive: true);
            }
        }

        [Theory]
        [InlineData("--webhook-url", "http://127.0.0.1:9/hook")]
        [InlineData("--webhook-secret", "whsec")]
        public async Task Simulate_WebhookUrlOrSecretAlone_IsAUsageError(string option, string value)
        {
            var error = new StringWriter();

            var exitCode = await new KlingCli(TextWriter.Null, error, interactive: false).RunAsync(["simulate", option, value], CancellationToken.None);

            Assert.Equal(KlingCli.BadUsage, exitCode);
            Assert.Contains("Webhooks need both --webhook-url and --webhook-secret.", error.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Simulate_WrongKeyFromAnotherRun_IsRefusedAsUnauthorized()
        {
            using var stop = new CancellationTokenSource();
            var output = new LineWriter();
            var server = new KlingCli(output, TextWriter.Null, interactive: false).RunAsync(["simulate"], stop.Token);
            try
            {
                var listening = Listening.Match(await output.WaitForLineAsync(line => line.StartsWith("Simulator listening", StringComparison.Ordinal)));

                var status = await RunAsync(["status", "video_sim_000001", "--base-url", listening.Groups["url"].Value, "--api-key", "not_the_key"]);

                Assert.Equal("sim_test_key", listening.Groups["key"].Value);
                Assert.Equal(KlingCli.Failed, status.ExitCode);
                Assert.StartsWith("error: ", status.Error, StringComparison.Ordinal);
            }
            finally
            {
                await stop.CancelAsync();
                await server;
            }
        }

        [Fact]
        public async Task Simulate_PortInUse_Exits1NamingTheAddress()
        {
            using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            taken.Start();
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

            var run = await RunAsync(["simulate", "--port", port]);

            Assert.Equal(KlingCli.Failed, run.ExitCode);
            Assert.Contains("127.0.0.1:" + port, run.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new[] { "simulate", "--port", "70000" }, "Unknown port \"70000\"")]
        [InlineData(new[] { "simulate", "--port", "-1" }, "Unknown port \"-1\"")]
        [InlineData(new[] { "simulate", "--time-scale", "0" }, "Unknown time scale \"0\"")]
        [InlineData(new[] { "simulate", "--time-scale", "fast" }, "Unknown time scale \"fast\"")]
        [InlineData(new[] { "simulate", "--time-scale", "5000" }, "Unknown time scale \"5000\"")]
        [InlineData(new[] { "simulate", "--api-key", " " }, "--api-key needs a key")]
        [InlineData(new[] { "simulate", "now" }, "takes only options")]
        [InlineData(new[] { "status", "video_1", "--base-url", "ftp://example.com/" }, "Unknown base URL \"ftp://example.com/\"")]
        [InlineData(new[] { "status", "video_1", "--base-url", "not a url" }, "Unknown base URL")]
        [InlineData(new[] { "status", "video_1", "--base-url", "http://example.com/", "--api-key", "sk_1" }, "https")]
        [InlineData(new[] { "generate", "A cat", "--base-url", "http://127.0.0.1:1/" }, "needs an API key")]
        public async Task RunAsync_BadSimulateOrBaseUrl_Exits2NamingTheProblem(string[] args, string expected)
        {
            var run = await RunAsync(args);

            Assert.True(run.ExitCode == KlingCli.BadUsage, $"exit {run.ExitCode}; stderr:\n{run.Error}");
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Simulate_StoppedWhileStarting_EndsAsAStopWithoutTalkOfSubmittedTasks()
        {
            // Ctrl+C or SIGTERM before the server listens: a stop like any other (a service manager's quick restart).
            using var stopped = new CancellationTokenSource();
            await stopped.CancelAsync();
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exitCode = await new KlingCli(output, error, interactive: false).RunAsync(["simulate"], stopped.Token);

            Assert.Equal(KlingCli.Ok, exitCode);
            Assert.Equal("Simulator stopped before it started listening." + Environment.NewLine, error.ToString());
            Assert.Empty(output.ToString());
        }

        [Theory]
        [InlineData("sk_local-1.2:x", "sk_local-1.2:x")]
        [InlineData("a b", "'a b'")]
        [InlineData("$(touch /tmp/kling-owned)", "'$(touch /tmp/kling-owned)'")]
        [InlineData("it's", "'it'\\''s'")]
        public async Task Simulate_KeyWithShellCharacters_IsQuotedInTheExportLine(string key, string shown)
        {
            using var stop = new CancellationTokenSource();
            var output = new LineWriter();
            var server = new KlingCli(output, TextWriter.Null, interactive: false).RunAsync(["simulate", "--api-key", key], stop.Token);
            try
            {
                var line = await output.WaitForLineAsync(line => line.StartsWith("  export ", StringComparison.Ordinal));

                Assert.EndsWith(" TOAPIS_API_KEY=" + shown, line, StringComparison.Ordinal);
            }
            finally
            {
                await stop.CancelAsync();
                await server;
            }
        }

        private static async Task<CliRun> RunAsync(string[] args)
        {
            // Only a guard against a hang; each run takes about a second against a simulator a thousand times faster.
            using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await new KlingCli(output, error, interactive: false).RunAsync(args, guard.Token);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }

    }
}
