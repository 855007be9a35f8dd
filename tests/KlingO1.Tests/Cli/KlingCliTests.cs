using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using static KlingO1.Tests.Cli.CliHarness;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// The `kling` command run in-process: bad input ends with exit code 2 and one line saying what to fix (never a stack
    /// trace, never an SDK name), commands that need a real account refuse without TOAPIS_API_KEY, and one end-to-end
    /// generate on the simulator.
    /// </summary>
    public sealed class KlingCliTests
    {
        private static readonly Regex ProgressLine = new(@"^video_sim_\d+  \w+  \d{1,3}%$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        [Fact]
        public async Task RunAsync_NoArguments_Exits2WithOneLineNamingTheCommands()
        {
            var run = await RunAsync();

            AssertBadUsage(run, "Tell kling what to do");
            Assert.Contains("generate, batch, status", run.Error, StringComparison.Ordinal);
            Assert.Single(run.Error.TrimEnd().Split('\n'));
        }

        [Theory]
        [InlineData(new[] { "generate" }, "needs a prompt")]
        [InlineData(new[] { "generate", "A cat", "--mode", "ultra" }, "Unknown mode \"ultra\": use std or pro.")]
        [InlineData(new[] { "generate", "A cat", "--duration", "12" }, "Unknown duration \"12\": use 3 to 10 seconds.")]
        [InlineData(new[] { "generate", "A cat", "--duration", "11" }, "3 to 10 seconds")]
        [InlineData(new[] { "generate", "A cat", "--video", "https://example.com/a.mp4", "--video", "https://example.com/b.mp4" }, "--video was given 2 times")]
        [InlineData(new[] { "generate", "A cat", "--mode", "std", "--mode", "pro" }, "--mode was given 2 times (std, pro); give it once.")]
        [InlineData(new[] { "generate", "A cat", "--video-type", "remix" }, "Unknown video type \"remix\": use feature or base.")]
        [InlineData(new[] { "generate", "A cat", "--shape", "v2" }, "Unknown request shape \"v2\": use auto, image-urls or omni.")]
        [InlineData(new[] { "generate", "A cat", "--aspect", "4:3" }, "Unknown aspect ratio \"4:3\": use 16:9, 9:16 or 1:1.")]
        [InlineData(new[] { "generate", "A cat", "--verbose" }, "Unknown option --verbose for kling generate.")]
        [InlineData(new[] { "generate", "--verbose", "A cat" }, "Unknown option --verbose for kling generate.")]
        [InlineData(new[] { "generate", "A cat", "--out" }, "--out needs a value.")]
        [InlineData(new[] { "generate", "A cat", "-o" }, "-o needs a value.")]
        [InlineData(new[] { "generate", "A", "cat" }, "takes one prompt; quote it")]
        [InlineData(new[] { "render", "A cat" }, "Unknown command \"render\"")]
        [InlineData(new[] { "status", "video_1", "video_2" }, "takes one task id")]
        [InlineData(new[] { "completion", "fish" }, "fish")]
        public async Task RunAsync_BadCommandLine_Exits2WithOneLineAndWhereHelpIs(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
            Assert.Single(run.Error.TrimEnd().Split('\n'));
            Assert.Contains("--help`.", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_BlankPrompt_Exits2()
            => AssertBadUsage(await RunAsync("generate", "   "), "kling generate needs a prompt, in quotes.");

        [Theory]
        [InlineData(new[] { "generate", "A cat", "--image", "not-a-url" }, "neither an http(s) URL nor an existing file")]
        [InlineData(new[] { "generate", "A cat", "--image", "data:image/png;base64,iVBORw0KGgo=" }, "kling upload")]
        [InlineData(new[] { "generate", "A cat", "--image", "ftp://example.com/a.png" }, "ftp")]
        public async Task RunAsync_UnusableImage_Exits2NamingTheProblem(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
        }

        [Theory]
        [InlineData(new[] { "generate", "A cat", "--end-frame", "https://example.com/end.jpg" }, "end frame but no first frame; Kling needs a first frame to use an end frame. Add one with --first-frame")]
        [InlineData(new[] { "generate", "A cat", "--first-frame", "https://example.com/a.jpg", "--video", "https://example.com/a.mp4", "--video-type", "base" }, "Use --video-type feature to borrow")]
        public async Task RunAsync_RequestBreakingARule_Exits2NamingTheRuleInOptions(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
        }

        [NoApiKeyTheory]
        [InlineData("--element", "https://example.com/hero.png")]
        [InlineData("--first-frame", "https://example.com/dawn.png")]
        [InlineData("--duration", "7")]
        public async Task RunAsync_OmniOnlyOptionWithImageUrlsShape_Exits2SayingWhichShapeToUse(string option, string value)
        {
            // Was an unhandled NotSupportedException (exit 134, a stack trace).
            var run = await RunAsync("generate", "A cat", option, value, "--shape", "image-urls");

            AssertBadUsage(run, "only the Omni request shape can carry");
            Assert.Contains("leave out --shape, or pass --shape omni.", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_ReferenceBeyondTheImages_Exits2NamingTheReference()
        {
            var run = await RunAsync("generate", "<<<image_1>>> meets <<<image_3>>>", "--image", "https://example.com/1.jpg", "--image", "https://example.com/2.jpg");

            AssertBadUsage(run, "<<<image_3>>>");
            Assert.Contains("2 images", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", run.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<Image_1>> waves")]
        [InlineData("<<<image 1>>> waves")]
        [InlineData("<<<Image_1>>> waves")]
        public async Task RunAsync_NearMissReference_Exits2SuggestingTheExactToken(string prompt)
        {
            var run = await RunAsync("generate", prompt, "--image", "https://example.com/1.jpg");

            AssertBadUsage(run, "<<<image_1>>>");
            Assert.Contains("would not recognise", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_ReferenceWithoutImages_Exits2SayingWhichOptionGivesThem()
        {
            var run = await RunAsync("generate", "<<<image_1>>> waves");

            AssertBadUsage(run, "no images. Pass them with --image");
        }

        [NoApiKeyTheory]
        [InlineData("status")]
        [InlineData("wait")]
        [InlineData("download")]
        public async Task RunAsync_AccountCommandWithoutApiKey_Exits2MentioningTheEnvironmentVariable(string command)
        {
            var run = await RunAsync(command, "video_sim_000001");

            AssertBadUsage(run, "TOAPIS_API_KEY");
        }

        [Theory]
        [InlineData("status")]
        [InlineData("wait")]
        [InlineData("download")]
        public async Task RunAsync_AccountCommandWithoutTaskId_Exits2(string command)
        {
            var run = await RunAsync(command);

            AssertBadUsage(run, "needs a task id");
        }

        [NoApiKeyFact]
        [Trait("Category", "EndToEnd")]
        public async Task RunAsync_GenerateWithoutApiKey_RunsOnSimulatorAndSavesTheVideo()
        {
            var directory = Directory.CreateTempSubdirectory("kling-cli-test-");
            try
            {
                var output = Path.Combine(directory.FullName, "fox.mp4");
                // The CLI's clock is a fake one: the simulator's task and the client's polling move only when it is advanced.
                var clock = new ManualClock();
                var generate = CliHarness.RunAsync(CancellationToken.None, clock, "generate", "A red fox runs through fresh snow", "--out", output);
                var slept = await clock.DriveAsync(generate, TimeSpan.FromSeconds(5));

                var run = await generate;
                Assert.NotEmpty(slept);

                Assert.True(run.ExitCode == KlingCli.Ok, $"exit {run.ExitCode}; stderr:\n{run.Error}");
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(output));
                Assert.Empty(directory.GetFiles("*.part"));
                Assert.Equal(new[] { "fox.mp4" }, directory.GetFiles().Select(f => f.Name));
                Assert.Contains("Saved " + output, run.Output, StringComparison.Ordinal);
                Assert.Contains("simulator", run.Error, StringComparison.Ordinal);
                Assert.Contains("Submitted task video_sim_", run.Error, StringComparison.Ordinal);

                // Redirected: one plain line per change, no bar.
                var progress = ProgressLine.Matches(run.Error.Replace("\r", string.Empty, StringComparison.Ordinal)).Select(m => m.Value).ToArray();
                Assert.True(progress.Length >= 2, "expected progress lines on stderr:\n" + run.Error);
                Assert.EndsWith("completed  100%", progress[^1], StringComparison.Ordinal);
                Assert.DoesNotContain("[#", run.Error, StringComparison.Ordinal);
                AssertSpeaksCli(run);
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task RunAsync_GenerateToUnwritablePath_RefusesBeforeGeneratingAnything()
        {
            if (!OperatingSystem.IsLinux() || ApiKeyIsSet)
            {
                return;
            }

            var output = "/sys/kling-cli-test.mp4";

            var run = await RunAsync("generate", "A cat", "--out", output);

            AssertBadUsage(run, "error: Cannot save to " + output);
            Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_GenerateIntoMissingFolder_RefusesBeforeGeneratingAnything()
        {
            var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "cat.mp4");

            var run = await RunAsync("generate", "A cat", "--out", output);

            AssertBadUsage(run, "does not exist");
            Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_GenerateOverAnExistingFile_RefusesBeforeGeneratingAndKeepsTheFile()
        {
            var directory = Directory.CreateTempSubdirectory("kling-cli-test-");
            try
            {
                var output = Path.Combine(directory.FullName, "paid.mp4");
                await File.WriteAllTextAsync(output, "a video someone paid for");

                var run = await RunAsync("generate", "A cat", "--out", output);

                AssertBadUsage(run, output + " already exists: pass --overwrite to replace it");
                Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
                Assert.Equal("a video someone paid for", await File.ReadAllTextAsync(output));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        [NoApiKeyFact]
        public async Task RunAsync_GenerateWithOverwrite_ReplacesTheFile()
        {
            var directory = Directory.CreateTempSubdirectory("kling-cli-test-");
            try
            {
                var output = Path.Combine(directory.FullName, "again.mp4");
                await File.WriteAllTextAsync(output, "the first take");
                var clock = new ManualClock();

                var generate = CliHarness.RunAsync(CancellationToken.None, clock, "generate", "A cat", "--out", output, "--overwrite");
                await clock.DriveAsync(generate, TimeSpan.FromSeconds(5));
                var run = await generate;

                Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(output));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        [NoApiKeyFact]
        public async Task RunAsync_GenerateOutIsAFolder_SavesTheDefaultNameInIt()
        {
            // `--out .` passed the check and failed after the billed generation; a folder now takes the default name.
            var directory = Directory.CreateTempSubdirectory("kling-cli-test-");
            try
            {
                var clock = new ManualClock();

                var generate = CliHarness.RunAsync(CancellationToken.None, clock, "generate", "A cat", "--out", directory.FullName);
                await clock.DriveAsync(generate, TimeSpan.FromSeconds(5));
                var run = await generate;

                Assert.True(run.ExitCode == KlingCli.Ok, run.Error);
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(Path.Combine(directory.FullName, "video.mp4")));
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task RunAsync_AlreadyCancelled_Exits130WithoutStackTrace()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            var run = await RunAsync(cancelled.Token, "generate", "A cat", "--out", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".mp4"));

            Assert.Equal(KlingCli.Cancelled, run.ExitCode);
            Assert.Contains("Cancelled", run.Error, StringComparison.Ordinal);
            AssertSpeaksCli(run);
            Assert.Empty(run.Output);
        }
    }

    /// <summary>A theory that is skipped when TOAPIS_API_KEY is set: the commands would then talk to the real service.</summary>
    public sealed class NoApiKeyTheoryAttribute : TheoryAttribute
    {
        public NoApiKeyTheoryAttribute()
        {
            if (CliHarness.ApiKeyIsSet)
            {
                Skip = "TOAPIS_API_KEY is set in the test process; these tests need it unset.";
            }
        }
    }

    /// <summary>A fact that is skipped when TOAPIS_API_KEY is set: the command would then talk to the real service.</summary>
    public sealed class NoApiKeyFactAttribute : FactAttribute
    {
        public NoApiKeyFactAttribute()
        {
            if (CliHarness.ApiKeyIsSet)
            {
                Skip = "TOAPIS_API_KEY is set in the test process; this test needs it unset.";
            }
        }
    }
}
