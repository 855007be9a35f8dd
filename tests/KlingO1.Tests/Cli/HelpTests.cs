using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using KlingO1.Cli;
using static KlingO1.Tests.Cli.CliHarness;

namespace KlingO1.Tests.Cli
{
    /// <summary>`--help` for kling and every command (it was "error: Unknown option --help."), the exit codes in each, and `--version`.</summary>
    public sealed class HelpTests
    {
        public static TheoryData<string> Commands() => new(CommandNames());

        [Theory]
        [MemberData(nameof(Commands))]
        public async Task Help_OfEveryCommand_PrintsItsUsageOptionsAndExitCodes(string command)
        {
            foreach (var flag in new[] { "--help", "-h" })
            {
                var run = await RunAsync(command, flag);

                Assert.True(run.ExitCode == KlingCli.Ok, $"kling {command} {flag}: exit {run.ExitCode}\n{run.Error}");
                Assert.Empty(run.Error);
                Assert.Contains($"kling {command}", run.Output, StringComparison.Ordinal);
                Assert.Contains("Options:", run.Output, StringComparison.Ordinal);
                AssertListsEveryExitCode(run.Output);
            }
        }

        [Fact]
        public void Commands_AreAllThere()
            => Assert.Equal(new[] { "generate", "batch", "status", "wait", "download", "upload", "simulate", "completion" }, CommandNames());

        [Theory]
        [InlineData("--help")]
        [InlineData("-h")]
        public async Task Help_OfKling_ListsTheCommandsAndExitCodes(string flag)
        {
            var run = await RunAsync(flag);

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            Assert.Contains("generate <prompt>", run.Output, StringComparison.Ordinal);
            Assert.Contains("batch <prompts-file>", run.Output, StringComparison.Ordinal);
            Assert.Contains("TOAPIS_API_KEY", run.Output, StringComparison.Ordinal);
            AssertListsEveryExitCode(run.Output);
        }

        [Fact]
        public async Task Help_OfGenerate_ShowsTheSdksValuesAndDefaults()
        {
            var run = await RunAsync("generate", "--help");

            Assert.Contains("--mode <std|pro>", run.Output, StringComparison.Ordinal);
            Assert.Contains("--aspect <16:9|9:16|1:1>", run.Output, StringComparison.Ordinal);
            Assert.Contains("--shape <auto|image-urls|omni>", run.Output, StringComparison.Ordinal);
            Assert.Contains("--video-type <feature|base>", run.Output, StringComparison.Ordinal);
            Assert.Contains("3 to 10", run.Output, StringComparison.Ordinal);
            Assert.Contains("(default: std)", run.Output, StringComparison.Ordinal);
            Assert.Contains("--overwrite", run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Help_OfSimulateAndStatus_NameTheirOptions()
        {
            var simulate = await RunAsync("simulate", "--help");
            var status = await RunAsync("status", "--help");

            Assert.Contains("--port <n>", simulate.Output, StringComparison.Ordinal);
            Assert.Contains("--time-scale <f>", simulate.Output, StringComparison.Ordinal);
            Assert.Contains("--webhook-url <url>", simulate.Output, StringComparison.Ordinal);
            Assert.Contains("--base-url <url>", status.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Version_PrintsTheToolsVersion()
        {
            var run = await RunAsync("--version");

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            var version = typeof(KlingCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Assert.Equal(version + Environment.NewLine, run.Output);
            Assert.Matches(@"^\d+\.\d+\.\d+", version);
        }

        private static string[] CommandNames()
            => CommandTree.Create(new CliContext(TextWriter.Null, TextWriter.Null, false, TimeProvider.System, () => 80)).Subcommands.Select(c => c.Name).ToArray();

        private static void AssertListsEveryExitCode(string help)
        {
            Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
            foreach (var code in new[] { "0 ", "1 ", "2 ", "130 ", "143 " })
            {
                Assert.Contains("\n  " + code, help.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }
    }
}
