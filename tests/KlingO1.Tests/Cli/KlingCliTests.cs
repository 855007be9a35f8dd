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
    /// The `kling` command run in-process: bad input ends with exit code 2 and a clear message (never a stack trace),
    /// commands that need a real account refuse without TOAPIS_API_KEY, and one end-to-end generate on the simulator.
    /// </summary>
    public sealed class KlingCliTests
    {
        private static readonly Regex StackFrame = new(@"^\s*at \S+", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private static readonly Regex ProgressLine = new(@"^\[[#-]{30}\]\s+\d{1,3}%\s+\w+", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        [Fact]
        public async Task RunAsync_NoArguments_Exits2WithMessageAndUsage()
        {
            var run = await RunAsync();

            AssertBadUsage(run, "Tell kling what to do");
            Assert.Contains("Usage:", run.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new[] { "generate" }, "needs a prompt")]
        [InlineData(new[] { "generate", "   " }, "needs a prompt")]
        [InlineData(new[] { "generate", "A cat", "--mode", "ultra" }, "Unknown mode \"ultra\"")]
        [InlineData(new[] { "generate", "A cat", "--duration", "12" }, "Unknown duration \"12\"")]
        [InlineData(new[] { "generate", "A cat", "--video", "https://example.com/a.mp4", "--video", "https://example.com/b.mp4" }, "one reference video")]
        [InlineData(new[] { "generate", "A cat", "--video-type", "remix" }, "Unknown video type \"remix\"")]
        [InlineData(new[] { "generate", "A cat", "--shape", "v2" }, "Unknown request shape \"v2\"")]
        [InlineData(new[] { "generate", "A cat", "--aspect", "4:3" }, "Unknown aspect ratio \"4:3\"")]
        [InlineData(new[] { "generate", "A cat", "--verbose" }, "Unknown option --verbose")]
        [InlineData(new[] { "generate", "A cat", "--out" }, "--out needs a value")]
        [InlineData(new[] { "generate", "A", "cat" }, "takes one")]
        [InlineData(new[] { "render", "A cat" }, "Unknown command \"render\"")]
        public async Task RunAsync_BadCommandLine_Exits2WithMessageAndUsage(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
            Assert.Contains("Usage:", run.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(new[] { "generate", "A cat", "--image", "not-a-url" }, "neither an http(s) URL nor an existing file")]
        [InlineData(new[] { "generate", "A cat", "--image", "data:image/png;base64,iVBORw0KGgo=" }, "upload")]
        [InlineData(new[] { "generate", "A cat", "--image", "ftp://example.com/a.png" }, "ftp")]
        public async Task RunAsync_UnusableImage_Exits2NamingTheProblem(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
        }

        [Theory]
        [InlineData(new[] { "generate", "A cat", "--duration", "11" }, "3 to 10 seconds")]
        [InlineData(new[] { "generate", "A cat", "--end-frame", "https://example.com/end.jpg" }, "end frame but no first frame")]
        [InlineData(new[] { "generate", "A cat", "--first-frame", "https://example.com/a.jpg", "--video", "https://example.com/a.mp4", "--video-type", "base" }, "ReferenceVideoType.Feature")]
        public async Task RunAsync_RequestBreakingARule_Exits2NamingTheRule(string[] args, string expected)
        {
            var run = await RunAsync(args);

            AssertBadUsage(run, expected);
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
        public async Task RunAsync_ReferenceWithoutImages_Exits2()
        {
            var run = await RunAsync("generate", "<<<image_1>>> waves");

            AssertBadUsage(run, "no images");
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
                var generate = RunAsync(CancellationToken.None, clock, "generate", "A red fox runs through fresh snow", "--out", output);
                var slept = await clock.DriveAsync(generate, TimeSpan.FromSeconds(5));

                var run = await generate;
                Assert.NotEmpty(slept);

                Assert.True(run.ExitCode == KlingCli.Ok, $"exit {run.ExitCode}; stderr:\n{run.Error}");
                Assert.True(File.Exists(output));
                Assert.Equal(KlingSimulator.VideoContent.ToArray(), await File.ReadAllBytesAsync(output));
                Assert.Empty(directory.GetFiles("*.part"));
                Assert.Equal(new[] { "fox.mp4" }, directory.GetFiles().Select(f => f.Name));
                Assert.Contains("Saved", run.Output, StringComparison.Ordinal);
                Assert.Contains(output, run.Output, StringComparison.Ordinal);
                Assert.Contains("simulator", run.Error, StringComparison.Ordinal);
                Assert.Contains("Submitted task video_sim_", run.Error, StringComparison.Ordinal);
                var progress = ProgressLine.Matches(run.Error).Select(m => m.Value).ToArray();
                Assert.True(progress.Length >= 2, "expected progress lines on stderr:\n" + run.Error);
                Assert.Contains(progress, line => line.EndsWith("completed", StringComparison.Ordinal) && line.Contains("100%", StringComparison.Ordinal));
                Assert.DoesNotMatch(StackFrame, run.Error);
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

            var run = await RunAsync(CancellationToken.None, "generate", "A cat", "--out", output);

            Assert.Equal(KlingCli.BadUsage, run.ExitCode);
            Assert.Contains("error: Cannot save to " + output, run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
            Assert.DoesNotMatch(StackFrame, run.Error);
        }

        [Fact]
        public async Task RunAsync_GenerateIntoMissingFolder_RefusesBeforeGeneratingAnything()
        {
            var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "cat.mp4");

            var run = await RunAsync(CancellationToken.None, "generate", "A cat", "--out", output);

            Assert.Equal(KlingCli.BadUsage, run.ExitCode);
            Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Submitted", run.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--help")]
        [InlineData("-h")]
        [InlineData("help")]
        public async Task RunAsync_Help_PrintsUsageAndExits0(string flag)
        {
            var run = await RunAsync(CancellationToken.None, flag);

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            Assert.Contains("kling generate", run.Output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task RunAsync_AlreadyCancelled_Exits130WithoutStackTrace()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            var run = await RunAsync(cancelled.Token, "generate", "A cat");

            Assert.Equal(KlingCli.Cancelled, run.ExitCode);
            Assert.Contains("Cancelled", run.Error, StringComparison.Ordinal);
            Assert.DoesNotMatch(StackFrame, run.Error);
            Assert.Empty(run.Output);
        }

        // ---------------------------------------------------------------- CliArguments.Parse

        [Fact]
        public void Parse_RepeatedImage_KeepsEveryImageInOrder()
        {
            var parsed = CliArguments.Parse(new[] { "generate", "A cat", "--image", "https://example.com/1.jpg", "--image", "https://example.com/2.jpg" });

            Assert.Equal("generate", parsed.Command);
            Assert.Equal(new[] { "A cat" }, parsed.Positional);
            Assert.Equal(new[] { "https://example.com/1.jpg", "https://example.com/2.jpg" }, parsed.Images);
        }

        [Fact]
        public void Parse_AllOptions_AreRead()
        {
            var parsed = CliArguments.Parse(new[]
            {
                "generate", "--mode", "pro", "A cat", "--duration", "10", "--aspect", "9:16", "--out", "clip.mp4", "--api-key", "tk-123",
            });

            Assert.Equal("A cat", parsed.Single("a prompt"));
            Assert.Equal("pro", parsed.Mode);
            Assert.Equal(10, parsed.Duration);
            Assert.Equal("9:16", parsed.Aspect);
            Assert.Equal("clip.mp4", parsed.Out);
            Assert.Equal("tk-123", parsed.ApiKey);
        }

        [Fact]
        public void Parse_OmniOptions_AreReadAndLeaveTheShapeToTheSdk()
        {
            var parsed = CliArguments.Parse(new[]
            {
                "generate", "Dawn to dusk", "--first-frame", "dawn.png", "--end-frame", "https://example.com/dusk.jpg",
                "--element", "hero.png", "--element", "dog.png", "--video", "moves.mp4", "--video-type", "base", "--duration", "7",
            });

            Assert.Equal("dawn.png", parsed.FirstFrame);
            Assert.Equal("https://example.com/dusk.jpg", parsed.EndFrame);
            Assert.Equal(new[] { "hero.png", "dog.png" }, parsed.Elements);
            Assert.Equal("moves.mp4", parsed.Video);
            Assert.Equal(ReferenceVideoType.Base, parsed.VideoType);
            Assert.Equal(7, parsed.Duration);
            Assert.Null(parsed.Shape);
        }

        [Theory]
        [InlineData("image-urls", RequestShape.ImageUrls)]
        [InlineData("omni", RequestShape.Omni)]
        public void Parse_Shape_IsRead(string value, RequestShape expected)
            => Assert.Equal(expected, CliArguments.Parse(new[] { "generate", "A cat", "--shape", value }).Shape);

        [Fact]
        public void Parse_NoOptions_LeavesThemUnset()
        {
            var parsed = CliArguments.Parse(new[] { "status", "video_1" });

            Assert.Equal("status", parsed.Command);
            Assert.Equal("video_1", parsed.Single("a task id"));
            Assert.Empty(parsed.Images);
            Assert.Null(parsed.Mode);
            Assert.Null(parsed.Duration);
            Assert.Null(parsed.Aspect);
            Assert.Null(parsed.Out);
            Assert.Null(parsed.ApiKey);
        }

        [Theory]
        [InlineData("--out")]
        [InlineData("--image")]
        [InlineData("--mode")]
        [InlineData("--api-key")]
        public void Parse_ValueMissingAfterOption_ThrowsUsageNamingTheOption(string option)
        {
            var ex = Assert.Throws<CliUsageException>(() => CliArguments.Parse(new[] { "generate", "A cat", option }));

            Assert.Equal(option + " needs a value.", ex.Message);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("--help")]
        [InlineData("-h")]
        [InlineData("help")]
        public void Parse_NothingToDo_ThrowsUsage(string? only)
        {
            var args = only is null ? Array.Empty<string>() : new[] { only };

            Assert.Throws<CliUsageException>(() => CliArguments.Parse(args));
        }

        [Fact]
        public void Parse_UnknownOption_ThrowsUsageNamingIt()
        {
            var ex = Assert.Throws<CliUsageException>(() => CliArguments.Parse(new[] { "generate", "A cat", "--out=clip.mp4" }));

            Assert.Contains("--out=clip.mp4", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Single_TwoPositionals_ThrowsUsageSuggestingQuotes()
        {
            var parsed = CliArguments.Parse(new[] { "generate", "A", "cat" });

            var ex = Assert.Throws<CliUsageException>(() => parsed.Single("a prompt"));

            Assert.Contains("quote", ex.Message, StringComparison.Ordinal);
        }

        // ---------------------------------------------------------------- helpers

        internal static bool ApiKeyIsSet => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TOAPIS_API_KEY"));

        private static Task<CliRun> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

        private static Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args) => RunAsync(cancellationToken, null, args);

        private static async Task<CliRun> RunAsync(CancellationToken cancellationToken, TimeProvider? clock, params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await new KlingCli(output, error, interactive: false, clock).RunAsync(args, cancellationToken);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }

        private static void AssertBadUsage(CliRun run, string expected)
        {
            Assert.True(run.ExitCode == KlingCli.BadUsage, $"exit {run.ExitCode}; stderr:\n{run.Error}");
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
            Assert.DoesNotMatch(StackFrame, run.Error);
            Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
            Assert.Empty(run.Output);
        }

        private sealed record CliRun(int ExitCode, string Output, string Error);
    }

    /// <summary>A theory that is skipped when TOAPIS_API_KEY is set: the commands would then talk to the real service.</summary>
    public sealed class NoApiKeyTheoryAttribute : TheoryAttribute
    {
        public NoApiKeyTheoryAttribute()
        {
            if (KlingCliTests.ApiKeyIsSet)
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
            if (KlingCliTests.ApiKeyIsSet)
            {
                Skip = "TOAPIS_API_KEY is set in the test process; this test needs it unset.";
            }
        }
    }
}
