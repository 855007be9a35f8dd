using System;

namespace KlingO1.Tests.Requests
{
    public class VideoGenerationRequestTests
    {
        private static VideoGenerationRequest NewRequest() => new("Golden hour city skyline");

        [Fact]
        public void Constructor_Defaults_StandardModeFiveSecondsNoAspectRatio()
        {
            var request = NewRequest();

            Assert.Equal(VideoMode.Standard, request.Mode);
            Assert.Equal(VideoDuration.FiveSeconds, request.Duration);
            Assert.Null(request.AspectRatio);
            Assert.Empty(request.ImageUrls);
        }

        [Fact]
        public void Mode_SetProfessional_IsKept()
        {
            var request = NewRequest();

            request.Mode = VideoMode.Professional;

            Assert.Equal(VideoMode.Professional, request.Mode);
            Assert.Equal("pro", request.Mode!.Value.Value);
        }

        [Fact]
        public void Mode_SetFutureValue_IsKept()
        {
            var request = NewRequest();

            request.Mode = new VideoMode("ultra");

            Assert.Equal("ultra", request.Mode!.Value.Value);
        }

        [Fact]
        public void Mode_SetDefault_ThrowsArgumentExceptionAndKeepsPreviousValue()
        {
            var request = NewRequest();
            request.Mode = VideoMode.Professional;

            var ex = Assert.Throws<ArgumentException>(() => request.Mode = default(VideoMode));

            Assert.Equal("value", ex.ParamName);
            Assert.Contains("VideoMode.Standard", ex.Message, StringComparison.Ordinal);
            Assert.Equal(VideoMode.Professional, request.Mode);
        }

        [Fact]
        public void ModeAndDuration_SetNull_AreLeftToTheService()
        {
            var request = NewRequest();

            request.Mode = null;
            request.Duration = null;

            Assert.Null(request.Mode);
            Assert.Null(request.Duration);
        }

        [Fact]
        public void Duration_BaseVideoEdit_DefaultsToTheInputVideosLength()
        {
            var edit = new VideoGenerationRequest("Turn <<<video_1>>> to night", null, null, new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/v.mp4")), ReferenceVideoType.Base));
            var feature = new VideoGenerationRequest("Move like <<<video_1>>>", null, null, new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/v.mp4")), ReferenceVideoType.Feature));

            Assert.Null(edit.Duration);
            Assert.Equal(VideoDuration.FiveSeconds, feature.Duration);
        }

        [Fact]
        public void Duration_SetTenSeconds_IsKept()
        {
            var request = NewRequest();

            request.Duration = VideoDuration.TenSeconds;

            Assert.Equal(10, request.Duration!.Value.Seconds);
        }

        [Fact]
        public void Duration_SetFromSecondsFive_IsKept()
        {
            var request = NewRequest();
            request.Duration = VideoDuration.TenSeconds;

            request.Duration = VideoDuration.FromSeconds(5);

            Assert.Equal(VideoDuration.FiveSeconds, request.Duration);
        }

        [Fact]
        public void Duration_SetDefault_ThrowsArgumentExceptionAndKeepsPreviousValue()
        {
            var request = NewRequest();

            var ex = Assert.Throws<ArgumentException>(() => request.Duration = default(VideoDuration));

            Assert.Equal("value", ex.ParamName);
            Assert.Contains("3 to 10 seconds", ex.Message, StringComparison.Ordinal);
            Assert.Equal(VideoDuration.FiveSeconds, request.Duration);
        }

        [Theory]
        [InlineData("16:9")]
        [InlineData("9:16")]
        [InlineData("1:1")]
        public void AspectRatio_SetKnownValue_IsKept(string value)
        {
            var request = NewRequest();

            request.AspectRatio = new AspectRatio(value);

            Assert.Equal(value, request.AspectRatio?.Value);
        }

        [Fact]
        public void AspectRatio_SetDefault_ThrowsArgumentExceptionAndKeepsPreviousValue()
        {
            var request = NewRequest();
            request.AspectRatio = AspectRatio.Portrait;

            var ex = Assert.Throws<ArgumentException>(() => request.AspectRatio = default(AspectRatio));

            Assert.Equal("value", ex.ParamName);
            Assert.Equal(AspectRatio.Portrait, request.AspectRatio);
        }

        [Fact]
        public void AspectRatio_SetNull_IsAllowed()
        {
            var request = NewRequest();
            request.AspectRatio = AspectRatio.Square;

            request.AspectRatio = null;

            Assert.Null(request.AspectRatio);
        }

        [Fact]
        public void Constructor_OneImageWithReference_KeepsPromptAndImage()
        {
            var image = new Uri("https://example.com/portrait.jpg");

            var request = new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { image });

            Assert.Equal("Make the person in <<<image_1>>> wave at the camera", request.Prompt);
            Assert.Equal(new[] { image }, request.ImageUrls);
        }
    }
}
