using KlingO1.Engine;
using KlingO1.Polling;

namespace KlingO1.Tests.Engine
{
    public sealed class GenerationTimesTests
    {
        [Theory]
        [InlineData("std", 3, 96.9)]
        [InlineData("std", 5, 119.5)]     // issue 6: std 5 s in about 60–180 s
        [InlineData("std", 10, 176)]
        [InlineData("pro", 5, 175.665)]
        [InlineData("pro", 10, 258.72)]   // issue 6: pro 10 s in about 120–400 s
        public void PriorFor_TypicalTimeGrowsWithModeAndLength_ShortestIsHalf(string mode, int seconds, double typicalSeconds)
        {
            var prior = GenerationTimes.PriorFor(new VideoMode(mode), VideoDuration.FromSeconds(seconds))!;

            Assert.Equal(typicalSeconds, prior.Typical.TotalSeconds, 3);
            Assert.Equal(typicalSeconds / 2, prior.Shortest.TotalSeconds, 3);
            Assert.Equal(100 / (typicalSeconds * 0.9), prior.ProgressPerSecond, 6);
        }

        [Fact]
        public void PriorFor_UnknownModeOrNoLength_IsNone()
        {
            Assert.Null(GenerationTimes.PriorFor(new VideoMode("ultra"), VideoDuration.FiveSeconds));
            Assert.Null(GenerationTimes.PriorFor(VideoMode.Standard, default));
        }

        [Fact]
        public void PriorFor_Request_TakesItsModeAndLengthElseTheServiceDefaults()
        {
            Assert.Equal(119.5, PriorOf(new VideoGenerationRequest("A cat"))!.Typical.TotalSeconds, 3);   // std 5 s
            Assert.Equal(258.72, PriorOf(new VideoGenerationRequest("A cat") { Mode = VideoMode.Professional, Duration = VideoDuration.FromSeconds(10) })!.Typical.TotalSeconds, 3);
        }

        /// <summary>The prior an operation's wait gets: from the mode and length the service will use for the request.</summary>
        private static GenerationTimePrior? PriorOf(VideoGenerationRequest request)
            => GenerationTimes.PriorFor(ServiceDefaults.ModeOf(request), ServiceDefaults.ExpectedLength(request)!.Value);
    }
}
