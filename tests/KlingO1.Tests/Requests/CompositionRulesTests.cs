using System;
using System.Linq;

namespace KlingO1.Tests.Requests
{
    /// <summary>The rules across a request's kinds of media, each refused with its own message before any HTTP call.</summary>
    public class CompositionRulesTests
    {
        private static readonly ReferenceVideo FeatureVideo = new(KlingVideoSource.FromUrl(new Uri("https://example.com/moves.mp4")), ReferenceVideoType.Feature);
        private static readonly ReferenceVideo BaseVideo = new(KlingVideoSource.FromUrl(new Uri("https://example.com/edit.mp4")), ReferenceVideoType.Base);

        private static KlingImageSource Image(int i) => KlingImageSource.FromUrl(new Uri($"https://example.com/image{i}.jpg"));

        private static SubjectElement Element(int i) => new(KlingImageSource.FromUrl(new Uri($"https://example.com/subject{i}.png")));

        [Fact]
        public void Constructor_EndFrameWithoutFirstFrame_ThrowsNamingTheFix()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("Dusk", new[] { Image(1).AsEndFrame() }, null));

            Assert.Contains("end frame but no first frame", ex.Message, StringComparison.Ordinal);
            Assert.Contains("AsFirstFrame", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_FirstAndEndFrame_IsAccepted()
        {
            var request = new VideoGenerationRequest("Dawn to dusk", new[] { Image(1).AsFirstFrame(), Image(2).AsEndFrame() }, null);

            Assert.Equal(new[] { ImageRole.FirstFrame, ImageRole.EndFrame }, request.Images.Select(i => i.Role));
        }

        [Fact]
        public void Constructor_TwoFirstFrames_Throws()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("Dawn", new[] { Image(1).AsFirstFrame(), Image(2).AsFirstFrame() }, null));

            Assert.Contains("at most one of each", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_TwoEndFrames_Throws()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("Dusk", new[] { Image(1).AsFirstFrame(), Image(2).AsEndFrame(), Image(3).AsEndFrame() }, null));

            Assert.Contains("2 end frames", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_BaseVideoWithFirstFrame_ThrowsNamingFeatureAsTheAlternative()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("Edit <<<video_1>>>", new[] { Image(1).AsFirstFrame() }, null, BaseVideo));

            Assert.Equal("video", ex.ParamName);
            Assert.Contains("ReferenceVideoType.Feature", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_FeatureVideoWithFirstFrame_IsAccepted()
        {
            var request = new VideoGenerationRequest("Move like <<<video_1>>>", new[] { Image(1).AsFirstFrame() }, null, FeatureVideo);

            Assert.Same(FeatureVideo, request.Video);
        }

        [Fact]
        public void Constructor_BaseVideoWithReferenceImages_IsAccepted()
        {
            var request = new VideoGenerationRequest("Put <<<image_1>>> into <<<video_1>>>", new[] { Image(1) }, null, BaseVideo);

            Assert.Single(request.Images);
        }

        [Theory]
        [InlineData(7, 0)]
        [InlineData(4, 3)]
        [InlineData(0, 7)]
        public void Constructor_SevenImagesAndElementsWithoutVideo_IsAccepted(int images, int elements)
        {
            var request = new VideoGenerationRequest("A parade", Enumerable.Range(1, images).Select(Image), Enumerable.Range(1, elements).Select(Element));

            Assert.Equal(images + elements, request.Images.Count + request.Elements.Count);
        }

        [Theory]
        [InlineData(5, 3)]
        [InlineData(1, 7)]
        public void Constructor_MoreThanSevenImagesAndElements_Throws(int images, int elements)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("A parade", Enumerable.Range(1, images).Select(Image), Enumerable.Range(1, elements).Select(Element)));

            Assert.Contains("at most 7 images and elements together", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_FourImagesAndElementsWithVideo_IsAccepted()
        {
            var request = new VideoGenerationRequest("Like <<<video_1>>>", new[] { Image(1), Image(2) }, new[] { Element(1), Element(2) }, FeatureVideo);

            Assert.Equal(2, request.Elements.Count);
        }

        [Fact]
        public void Constructor_FiveImagesAndElementsWithVideo_ThrowsNamingTheVideoLimit()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("Like <<<video_1>>>", new[] { Image(1), Image(2), Image(3) }, new[] { Element(1), Element(2) }, FeatureVideo));

            Assert.Contains("3 images and 2 elements besides its reference video", ex.Message, StringComparison.Ordinal);
            Assert.Contains("at most 4", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_NullElement_ThrowsNamingItsPosition()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("A parade", null, new[] { Element(1), null! }));

            Assert.Equal("elements", ex.ParamName);
            Assert.Contains("Element 2 is null", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<<element_2>>> waves", "only 1 element:")]
        [InlineData("<<<video_1>>> plays", "no videos")]
        [InlineData("<<<image_1>>> smiles", "no images")]
        public void Constructor_ReferenceBeyondItsKind_ThrowsNamingTheKind(string prompt, string expected)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt, null, new[] { Element(1) }));

            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_SecondVideoReference_ThrowsBecauseARequestHasOneVideo()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("<<<video_2>>> plays", null, null, FeatureVideo));

            Assert.Contains("only 1 video:", ex.Message, StringComparison.Ordinal);
            Assert.Contains("<<<video_1>>>", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<<Element_1>>> waves", "<<<element_1>>>")]
        [InlineData("<<<video 1>>> plays", "<<<video_1>>>")]
        [InlineData("<<element_one>> waves", "<<<element_1>>>")]
        public void Constructor_NearMissElementOrVideoToken_SuggestsTheExactSpelling(string prompt, string suggestion)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt, null, new[] { Element(1) }, FeatureVideo));

            Assert.Contains("Write it as " + suggestion, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ElementsAndVideoWithoutImages_DoesNotPrependAnImageReference()
        {
            var request = new VideoGenerationRequest("<<<element_1>>> dances like <<<video_1>>>", null, new[] { Element(1) }, FeatureVideo);

            Assert.Equal("<<<element_1>>> dances like <<<video_1>>>", request.Prompt);
        }

        [Fact]
        public void Constructor_FramesWithoutImageReference_PrependsTheFirstImageReference()
        {
            var request = new VideoGenerationRequest("The flower blooms", new[] { Image(1).AsFirstFrame() }, null);

            Assert.Equal("<<<image_1>>> The flower blooms", request.Prompt);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(7)]
        [InlineData(9)]
        public void Duration_TextToVideoAndFirstFrameClips_TakeThreeToTenAsTheServicesPageLists(int seconds)
        {
            var text = new VideoGenerationRequest("A cat") { Duration = VideoDuration.FromSeconds(seconds) };
            var firstFrame = new VideoGenerationRequest("Bloom", new[] { Image(1).AsFirstFrame() }, null) { Duration = VideoDuration.FromSeconds(seconds) };

            Assert.Equal(seconds, text.Duration!.Value.Seconds);
            Assert.Equal(seconds, firstFrame.Duration!.Value.Seconds);
        }

        [Fact]
        public void Duration_Default_IsRefusedAndNullLeavesItToTheService()
        {
            var request = new VideoGenerationRequest("A cat") { Duration = VideoDuration.TenSeconds };

            Assert.Throws<ArgumentException>(() => request.Duration = default(VideoDuration));
            request.Duration = null;

            Assert.Null(request.Duration);
        }

        [Fact]
        public void Duration_ReferenceImageElementOrVideo_AcceptsThreeToTen()
        {
            var withImage = new VideoGenerationRequest("<<<image_1>>> waves", new[] { Image(1) }, null) { Duration = VideoDuration.FromSeconds(3) };
            var withElement = new VideoGenerationRequest("<<<element_1>>> waves", null, new[] { Element(1) }) { Duration = VideoDuration.FromSeconds(8) };
            var withVideo = new VideoGenerationRequest("Like <<<video_1>>>", null, null, FeatureVideo) { Duration = VideoDuration.FromSeconds(6) };

            Assert.Equal(new[] { 3, 8, 6 }, new[] { withImage, withElement, withVideo }.Select(r => r.Duration!.Value.Seconds));
        }

        [Fact]
        public void GenerateAudio_WithReferenceVideo_ThrowsPointingAtKeepOriginalSound()
        {
            var request = new VideoGenerationRequest("Like <<<video_1>>>", null, null, FeatureVideo);

            var ex = Assert.Throws<ArgumentException>(() => request.GenerateAudio = true);

            Assert.Contains("keepOriginalSound", ex.Message, StringComparison.Ordinal);
            Assert.False(request.GenerateAudio);
        }

        [Fact]
        public void GenerateAudio_WithoutVideo_IsKept()
        {
            var request = new VideoGenerationRequest("Waves") { GenerateAudio = true };

            Assert.True(request.GenerateAudio);
        }

        [Fact]
        public void SubjectElement_FrameImage_Throws()
            => Assert.Throws<ArgumentException>(() => new SubjectElement(Image(1).AsFirstFrame()));

        [Theory]
        [InlineData("", null)]
        [InlineData(null, " ")]
        public void SubjectElement_EmptyTypeOrRole_Throws(string? type, string? role)
            => Assert.Throws<ArgumentException>(() => new SubjectElement(Image(1), type, role));

        [Fact]
        public void ReferenceVideo_UndefinedType_ThrowsArgumentOutOfRange()
            => Assert.Throws<ArgumentOutOfRangeException>(() => new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/a.mp4")), (ReferenceVideoType)7));

        [Fact]
        public void ImageSource_WithUndefinedRole_ThrowsArgumentOutOfRange()
            => Assert.Throws<ArgumentOutOfRangeException>(() => Image(1).WithRole((ImageRole)9));

        [Fact]
        public void ImageSource_AsFirstFrame_KeepsTheImageAndChangesOnlyTheRole()
        {
            var image = Image(1);

            var frame = image.AsFirstFrame();

            Assert.Equal(image.Url, frame.Url);
            Assert.Equal(ImageRole.Reference, image.Role);
            Assert.Equal(ImageRole.FirstFrame, frame.Role);
            Assert.Same(frame, frame.AsFirstFrame());
        }

        [Theory]
        [InlineData("data:video/mp4;base64,AAAA")]
        [InlineData("ftp://example.com/a.mp4")]
        public void VideoSource_InlineDataOrOtherScheme_ThrowsWithUploadAdvice(string text)
        {
            var ex = Assert.Throws<ArgumentException>(() => KlingVideoSource.Parse(text));

            Assert.Contains("/v1/uploads/videos", ex.Message, StringComparison.Ordinal);
        }
    }
}
