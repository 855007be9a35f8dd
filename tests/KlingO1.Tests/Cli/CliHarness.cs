using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;

namespace KlingO1.Tests.Cli
{
    /// <summary>Runs the `kling` command in-process with the tests' writers (and clock), and the checks every CLI test makes.</summary>
    internal static class CliHarness
    {
        public static readonly Regex StackFrame = new(@"^\s*at \S+", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        /// <summary>An SDK type or method named in a message (VideoMode.Standard, WaitForCompletionAsync): the CLI speaks options.</summary>
        public static readonly Regex SdkName = new(
            @"\b(VideoMode|AspectRatio|VideoDuration|RequestShape|ReferenceVideoType|KlingVideoClientOptions|KlingImageSource|KlingVideoSource|PromptBuilder|ClientBusinessId)\b|\b\w+Async\b",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        public static bool ApiKeyIsSet => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TOAPIS_API_KEY"));

        public static Task<CliRun> RunAsync(params string[] args) => RunAsync(CancellationToken.None, null, args);

        public static Task<CliRun> RunAsync(CancellationToken cancellationToken, params string[] args) => RunAsync(cancellationToken, null, args);

        public static async Task<CliRun> RunAsync(CancellationToken cancellationToken, TimeProvider? clock, params string[] args)
        {
            // Synchronized: a batch writes from several tasks at once.
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await new KlingCli(TextWriter.Synchronized(output), TextWriter.Synchronized(error), interactive: false, clock).RunAsync(args, cancellationToken);
            return new CliRun(exitCode, output.ToString(), error.ToString());
        }

        /// <summary>Asserts exit code 2 with one line "error: ..." naming <paramref name="expected"/>, nothing on stdout.</summary>
        public static void AssertBadUsage(CliRun run, string expected)
        {
            Assert.True(run.ExitCode == KlingCli.BadUsage, $"exit {run.ExitCode}; stderr:\n{run.Error}");
            var lastLine = run.Error.TrimEnd().Split('\n')[^1];
            Assert.StartsWith("error: ", lastLine, StringComparison.Ordinal);
            Assert.Contains(expected, run.Error, StringComparison.Ordinal);
            AssertSpeaksCli(run);
            Assert.Empty(run.Output);
        }

        /// <summary>Asserts no stack trace, no exception type and no SDK name in what the user sees.</summary>
        public static void AssertSpeaksCli(CliRun run)
        {
            Assert.DoesNotMatch(StackFrame, run.Error);
            Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
            Assert.DoesNotMatch(SdkName, run.Error);
        }
    }

    internal sealed record CliRun(int ExitCode, string Output, string Error);
}
