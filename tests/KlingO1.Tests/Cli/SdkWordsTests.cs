using System.Linq;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Options;

namespace KlingO1.Tests.Cli
{
    /// <summary>The SDK's messages in the CLI's words: options and `kling` commands, never an SDK type or method.</summary>
    public sealed class SdkWordsTests
    {
        [Theory]
        [InlineData("Use ReferenceVideoType.Feature to borrow", "Use --video-type feature to borrow")]
        [InlineData("use VideoDuration.FiveSeconds or VideoDuration.TenSeconds", "use --duration 5 or --duration 10")]
        [InlineData("Choose a mode: VideoMode.Standard or VideoMode.Professional, or null", "Choose a mode: --mode std or --mode pro, or null")]
        [InlineData("such as AspectRatio.Landscape", "such as --aspect 16:9")]
        [InlineData("resume with WaitForCompletionAsync(\"video_9\").", "resume with `kling wait video_9`.")]
        [InlineData("Look it up with GetTaskAsync(\"kling-b-1\") before", "Look it up with `kling status kling-b-1` before")]
        [InlineData("Set KlingVideoClientOptions.ApiKey", "Set --api-key (or TOAPIS_API_KEY)")]
        [InlineData("Bad value (Parameter 'seconds')", "Bad value")]
        public void Translate_SdkNames_BecomeOptionsAndCommands(string sdk, string cli)
            => Assert.Equal(cli, SdkWords.Translate(sdk));

        [Fact]
        public void Translate_EveryValueTheSdkNames_LeavesNoSdkName()
        {
            foreach (var name in new[] { Choices.Modes[0].SdkName, Choices.AspectRatios[0].SdkName, Choices.Shapes[0].SdkName, Choices.VideoTypes[0].SdkName, Choices.NamedDurations[0].SdkName })
            {
                Assert.DoesNotMatch(CliHarness.SdkName, SdkWords.Translate("Use " + name + "."));
            }
        }

        [Fact]
        public void Choices_AreTheSdksOwnValues()
        {
            Assert.Equal(new[] { VideoMode.Standard, VideoMode.Professional }, Choices.Modes.Select(c => c.Value));
            Assert.Equal(new[] { "16:9", "9:16", "1:1" }, Choices.AspectRatios.Select(c => c.Word));
            Assert.Equal(new[] { "auto", "image-urls", "omni" }, Choices.Shapes.Select(c => c.Word));
            Assert.Equal("3 to 10", Choices.DurationRange());
            Assert.Equal(VideoMode.Standard, Choices.DefaultMode);
            Assert.Equal(VideoDuration.FiveSeconds, Choices.DefaultDuration);
        }
    }
}
