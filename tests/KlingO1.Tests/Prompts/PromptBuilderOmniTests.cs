using System;
using System.Linq;

namespace KlingO1.Tests.Prompts
{
    /// <summary>The builder numbers images, elements and the video each on its own, in the order they first appear.</summary>
    public class PromptBuilderOmniTests
    {
        private static readonly Uri Hero = new("https://example.com/hero.png");
        private static readonly Uri Market = new("https://example.com/market.jpg");
        private static readonly Uri Harbour = new("https://example.com/harbour.jpg");

        [Fact]
        public void Build_MixedKinds_NumbersEachKindOnItsOwn()
        {
            var request = new PromptBuilder()
                .Image(Market).Text(" ").Element(Hero.AbsoluteUri).Text(" ").Image(Harbour).Text(" ")
                .Video("https://example.com/moves.mp4", ReferenceVideoType.Feature).Text(" ").Element("https://example.com/dog.png")
                .Build();

            Assert.Equal("<<<image_1>>> <<<element_1>>> <<<image_2>>> <<<video_1>>> <<<element_2>>>", request.Prompt);
            Assert.Equal(new[] { Market, Harbour }, request.ImageUrls);
            Assert.Equal(new[] { Hero, new Uri("https://example.com/dog.png") }, request.Elements.Select(e => e.Image!.Url));
            Assert.Equal(new Uri("https://example.com/moves.mp4"), request.Video!.Source.Url);
        }

        [Fact]
        public void Build_SameElementTwice_KeepsOneNumber()
        {
            var hero = new SubjectElement(KlingImageSource.FromUrl(Hero), role: "subject");

            var request = new PromptBuilder().Element(hero).Text(" meets ").Element(new SubjectElement(KlingImageSource.FromUrl(Hero), role: "subject")).Build();

            Assert.Equal("<<<element_1>>> meets <<<element_1>>>", request.Prompt);
            Assert.Single(request.Elements);
        }

        [Fact]
        public void Build_SameImageAsReferenceAndFirstFrame_IsListedTwiceWithItsRoles()
        {
            var request = new PromptBuilder().FirstFrame(KlingImageSource.FromUrl(Harbour)).Text(" then ").Image(Harbour).Build();

            Assert.Equal("<<<image_1>>> then <<<image_2>>>", request.Prompt);
            Assert.Equal(new[] { ImageRole.FirstFrame, ImageRole.Reference }, request.Images.Select(i => i.Role));
        }

        [Fact]
        public void Build_FirstAndEndFrame_SetsRolesInOrder()
        {
            var request = new PromptBuilder().Text("From ").FirstFrame(Market.AbsoluteUri).Text(" to ").EndFrame(Harbour.AbsoluteUri).Build();

            Assert.Equal("From <<<image_1>>> to <<<image_2>>>", request.Prompt);
            Assert.Equal(new[] { ImageRole.FirstFrame, ImageRole.EndFrame }, request.Images.Select(i => i.Role));
        }

        [Fact]
        public void Build_EndFrameOnly_ThrowsTheEndFrameRule()
        {
            var builder = new PromptBuilder().Text("To ").EndFrame(Harbour.AbsoluteUri);

            var ex = Assert.Throws<ArgumentException>(() => builder.Build());

            Assert.Contains("end frame but no first frame", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Video_SameVideoTwice_KeepsNumberOne()
        {
            var moves = new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/moves.mp4")), ReferenceVideoType.Feature);

            var request = new PromptBuilder().Video(moves).Text(" and again ").Video("https://example.com/moves.mp4", ReferenceVideoType.Feature).Build();

            Assert.Equal("<<<video_1>>> and again <<<video_1>>>", request.Prompt);
        }

        [Fact]
        public void Video_SecondDifferentVideo_ThrowsOneVideoPerRequest()
        {
            var builder = new PromptBuilder().Video("https://example.com/a.mp4", ReferenceVideoType.Feature);

            var ex = Assert.Throws<ArgumentException>(() => builder.Video("https://example.com/b.mp4", ReferenceVideoType.Feature));

            Assert.Contains("at most one reference video", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Element_EighthImageOrElement_ThrowsAtOnce()
        {
            var builder = new PromptBuilder();
            for (var i = 1; i <= 4; i++)
            {
                builder.Image(new Uri($"https://example.com/i{i}.jpg"));
            }

            for (var i = 1; i <= 3; i++)
            {
                builder.Element($"https://example.com/e{i}.png");
            }

            var ex = Assert.Throws<ArgumentException>(() => builder.Element("https://example.com/e4.png"));

            Assert.Contains("at most 7 reference images and elements together", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Build_FiveImagesBesideAVideo_ThrowsTheVideoLimit()
        {
            var builder = new PromptBuilder().Video("https://example.com/a.mp4", ReferenceVideoType.Feature);
            for (var i = 1; i <= 5; i++)
            {
                builder.Image(new Uri($"https://example.com/i{i}.jpg"));
            }

            var ex = Assert.Throws<ArgumentException>(() => builder.Build());

            Assert.Contains("at most 4", ex.Message, StringComparison.Ordinal);
        }
    }
}
