using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Cli.Parsing;
using static KlingO1.Tests.Cli.CliHarness;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// The command line as POSIX tools read it: `--opt=value`, `--`, short aliases, a repeated single option refused
    /// rather than silently won, and completions from the parser itself.
    /// </summary>
    public sealed class CommandLineTests
    {
        [Theory]
        [InlineData("--mode=pro")]
        [InlineData("--mode:pro")]
        [InlineData("-m", "pro")]
        [InlineData("--mode", "PRO")]
        public void Parse_ModeInEveryForm_IsTheSdksProfessionalMode(params string[] mode)
        {
            var parse = Parse(["generate", "A cat", .. mode]);

            Assert.Null(ParseProblems.Describe(parse));
            Assert.Equal(VideoMode.Professional, parse.GetValue<VideoMode?>("--mode"));
        }

        [Fact]
        public void Parse_ShortAliases_ReadAsTheirOptions()
        {
            var parse = Parse(["generate", "A cat", "-d", "7", "-a", "9:16", "-o", "clip.mp4", "-i", "a.png", "-i", "https://example.com/b.jpg", "-e", "hero.png"]);

            Assert.Null(ParseProblems.Describe(parse));
            Assert.Equal(VideoDuration.FromSeconds(7), parse.GetValue<VideoDuration?>("--duration"));
            Assert.Equal(AspectRatio.Portrait, parse.GetValue<AspectRatio?>("--aspect"));
            Assert.Equal("clip.mp4", parse.GetValue<string>("--out"));
            Assert.Equal(new[] { "a.png", "https://example.com/b.jpg" }, parse.GetValue<string[]>("--image"));
            Assert.Equal(new[] { "hero.png" }, parse.GetValue<string[]>("--element"));
        }

        [Fact]
        public void Parse_OmniOptions_AreReadAndLeaveTheShapeToTheSdk()
        {
            var parse = Parse(["generate", "Dawn to dusk", "--first-frame", "dawn.png", "--end-frame", "https://example.com/dusk.jpg", "--video", "moves.mp4", "--video-type", "base"]);

            Assert.Null(ParseProblems.Describe(parse));
            Assert.Equal("dawn.png", parse.GetValue<string>("--first-frame"));
            Assert.Equal("https://example.com/dusk.jpg", parse.GetValue<string>("--end-frame"));
            Assert.Equal(ReferenceVideoType.Base, parse.GetValue<ReferenceVideoType?>("--video-type"));
            Assert.Null(parse.GetValue<RequestShape?>("--shape"));
        }

        [Theory]
        [InlineData("image-urls", RequestShape.ImageUrls)]
        [InlineData("omni", RequestShape.Omni)]
        [InlineData("auto", RequestShape.Auto)]
        public void Parse_Shape_IsTheSdksEnumValue(string word, RequestShape expected)
            => Assert.Equal(expected, Parse(["generate", "A cat", "--shape", word]).GetValue<RequestShape?>("--shape"));

        [Fact]
        public void Parse_DoubleDash_MakesAPromptThatStartsWithADash()
        {
            var parse = Parse(["generate", "--mode", "pro", "--", "--a prompt with dashes"]);

            Assert.Null(ParseProblems.Describe(parse));
            Assert.Equal("--a prompt with dashes", parse.GetValue<string>("prompt"));
        }

        [Fact]
        public void Parse_SimulateOptions_AreRead()
        {
            var parse = Parse(["simulate", "--port", "8080", "--api-key", "k", "--time-scale", "2.5"]);

            Assert.Null(ParseProblems.Describe(parse));
            Assert.Equal(8080, parse.GetValue<int?>("--port"));
            Assert.Equal("k", parse.GetValue<string>("--api-key"));
            Assert.Equal(2.5, parse.GetValue<double?>("--time-scale"));
        }

        [Theory]
        [InlineData("kling generate --mode ", "std", "pro")]
        [InlineData("kling generate --aspect ", "16:9", "9:16", "1:1")]
        [InlineData("kling generate --shape ", "auto", "image-urls", "omni")]
        [InlineData("kling batch prompts.txt --mode ", "std", "pro")]
        [InlineData("kling ", "generate", "batch", "status", "wait", "download", "upload", "simulate", "completion")]
        [InlineData("kling completion ", "bash", "zsh", "pwsh")]
        public async Task Suggest_AtTheEndOfALine_OffersTheSdksValues(string line, params string[] expected)
        {
            // What the completion scripts ask: `kling "[suggest:N]" "<the line so far>"`.
            var run = await RunAsync($"[suggest:{line.Length}]", line);

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            var offered = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.All(expected, value => Assert.Contains(value, offered));
        }

        [Fact]
        public async Task Suggest_Durations_AreTheOnesTheSdkAccepts()
        {
            const string Line = "kling generate --duration ";

            var run = await RunAsync($"[suggest:{Line.Length}]", Line);

            var offered = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).Order();
            Assert.Equal(Enumerable.Range(3, 8), offered);
        }

        [Theory]
        [InlineData("bash", "complete -o default -F _kling_complete kling")]
        [InlineData("zsh", "compdef _kling_complete kling")]
        [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName kling")]
        public async Task Completion_ForAShell_PrintsAScriptThatAsksKlingForSuggestions(string shell, string expected)
        {
            var run = await RunAsync("completion", shell);

            Assert.Equal(KlingCli.Ok, run.ExitCode);
            Assert.Contains(expected, run.Output, StringComparison.Ordinal);
            Assert.Contains("[suggest:", run.Output, StringComparison.Ordinal);
        }

        private static System.CommandLine.ParseResult Parse(string[] args)
            => CommandTree.Create(new CliContext(TextWriter.Null, TextWriter.Null, false, TimeProvider.System, () => 80)).Parse(args);
    }
}
