using System;
using System.Linq;

namespace KlingO1.Tests.Prompts
{
    public class PromptBuilderTests
    {
        private static readonly Uri Character = new("https://example.com/character.jpg");
        private static readonly Uri Scene = new("https://example.com/scene.jpg");

        private static Uri Http(int i) => new($"https://example.com/image{i}.jpg");

        [Fact]
        public void Build_TextAndTwoImages_NumbersReferencesInOrder()
        {
            var request = new PromptBuilder()
                .Text("The character in ").Image(Character)
                .Text(" walks toward the scene in ").Image(Scene)
                .Build();

            Assert.Equal("The character in <<<image_1>>> walks toward the scene in <<<image_2>>>", request.Prompt);
            Assert.Equal(new[] { Character, Scene }, request.ImageUrls);
        }

        [Fact]
        public void Build_SameImageTwice_KeepsOneNumberAndListsItOnce()
        {
            var request = new PromptBuilder()
                .Image(Character).Text(" meets ").Image(Scene).Text(" and then ").Image(Character)
                .Build();

            Assert.Equal("<<<image_1>>> meets <<<image_2>>> and then <<<image_1>>>", request.Prompt);
            Assert.Equal(new[] { Character, Scene }, request.ImageUrls);
        }

        [Theory]
        [InlineData("https://alice@example.com/a.jpg")]
        [InlineData("https://alice:secret@example.com/a.jpg")]
        public void Image_UrlWithUserInfo_IsRefusedBeforeAnythingIsSent(string url)
        {
            var ex = Assert.Throws<ArgumentException>(() => new PromptBuilder().Image(new Uri(url)));

            Assert.Contains("user name or password", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Build_SameImageAsStringAndUri_IsListedOnce()
        {
            var request = new PromptBuilder()
                .Image("https://example.com/character.jpg").Text(" and ").Image(Character)
                .Build();

            Assert.Equal("<<<image_1>>> and <<<image_1>>>", request.Prompt);
            Assert.Single(request.ImageUrls);
        }

        [Fact]
        public void Image_UrlString_IsAccepted()
        {
            var request = new PromptBuilder().Text("Zoom into ").Image("https://example.com/scene.jpg").Build();

            Assert.Equal("Zoom into <<<image_1>>>", request.Prompt);
            Assert.Equal(new[] { Scene }, request.ImageUrls);
        }

        [Fact]
        public void Image_DataUriString_ThrowsArgumentExceptionAdvisingUpload()
        {
            var builder = new PromptBuilder();

            var ex = Assert.Throws<ArgumentException>(
                () => builder.Image("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));

            Assert.Equal("urlOrPath", ex.ParamName);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Image_Base64String_ThrowsArgumentExceptionMentioningBase64()
        {
            var builder = new PromptBuilder();

            var ex = Assert.Throws<ArgumentException>(
                () => builder.Image("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="));

            Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("ftp://example.com/a.jpg")]
        [InlineData("images/a.jpg")]
        [InlineData("")]
        public void Image_UnusableUrlString_ThrowsArgumentException(string url)
        {
            var builder = new PromptBuilder();

            var ex = Assert.Throws<ArgumentException>(() => builder.Image(url));

            Assert.Equal("urlOrPath", ex.ParamName);
        }

        [Fact]
        public void Image_NullUri_ThrowsArgumentException()
        {
            var builder = new PromptBuilder();

            var ex = Assert.Throws<ArgumentException>(() => builder.Image((Uri)null!));

            Assert.Contains("null", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Image_RejectedUrl_LeavesBuilderUnchanged()
        {
            var builder = new PromptBuilder().Text("A ");

            Assert.Throws<ArgumentException>(() => builder.Image(new Uri("ftp://example.com/a.jpg")));
            var request = builder.Text("sunrise").Build();

            Assert.Equal("A sunrise", request.Prompt);
            Assert.Empty(request.ImageUrls);
        }

        [Fact]
        public void Image_SevenDistinctImages_IsAccepted()
        {
            var builder = new PromptBuilder();
            for (var i = 1; i <= 7; i++)
            {
                builder.Image(Http(i));
            }

            var request = builder.Build();

            Assert.Equal(Enumerable.Range(1, 7).Select(Http), request.ImageUrls);
            Assert.EndsWith("<<<image_7>>>", request.Prompt, StringComparison.Ordinal);
        }

        [Fact]
        public void Image_EighthDistinctImage_ThrowsArgumentException()
        {
            var builder = new PromptBuilder();
            for (var i = 1; i <= 7; i++)
            {
                builder.Image(Http(i));
            }

            var ex = Assert.Throws<ArgumentException>(() => builder.Image(Http(8)));

            Assert.Equal("image", ex.ParamName);
            Assert.Contains("at most 7", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Image_RepeatOfSeventhImage_IsStillAccepted()
        {
            var builder = new PromptBuilder();
            for (var i = 1; i <= 7; i++)
            {
                builder.Image(Http(i));
            }

            var request = builder.Image(Http(3)).Build();

            Assert.Equal(7, request.ImageUrls.Count);
            Assert.EndsWith("<<<image_7>>><<<image_3>>>", request.Prompt, StringComparison.Ordinal);
        }

        [Fact]
        public void Text_Null_ThrowsArgumentNullException()
        {
            var builder = new PromptBuilder();

            var ex = Assert.Throws<ArgumentNullException>(() => builder.Text(null!));

            Assert.Equal("text", ex.ParamName);
        }

        [Fact]
        public void Build_OnlyText_GivesNoImagesAndUnchangedPrompt()
        {
            var request = new PromptBuilder().Text("Golden hour ").Text("city skyline").Build();

            Assert.Equal("Golden hour city skyline", request.Prompt);
            Assert.Empty(request.ImageUrls);
        }

        [Fact]
        public void Build_NothingAdded_ThrowsArgumentException()
        {
            var ex = Assert.Throws<ArgumentException>(() => new PromptBuilder().Build());

            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Build_TextWithNearMissReference_ThrowsFromPromptRules()
        {
            var builder = new PromptBuilder().Image(Character).Text(" and <<image_2>>");

            var ex = Assert.Throws<ArgumentException>(() => builder.Build());

            Assert.Contains("<<<image_2>>>", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Build_CalledTwice_GivesIndependentRequests()
        {
            var builder = new PromptBuilder().Text("A ").Image(Character);
            var first = builder.Build();

            var second = builder.Text(" and ").Image(Scene).Build();

            Assert.Equal("A <<<image_1>>>", first.Prompt);
            Assert.Equal(new[] { Character }, first.ImageUrls);
            Assert.Equal("A <<<image_1>>> and <<<image_2>>>", second.Prompt);
            Assert.Equal(new[] { Character, Scene }, second.ImageUrls);
        }

        [Fact]
        public void Build_DefaultsLikeConstructor_StandardModeFiveSeconds()
        {
            var request = new PromptBuilder().Text("Sunrise").Build();

            Assert.Equal(VideoMode.Standard, request.Mode);
            Assert.Equal(VideoDuration.FiveSeconds, request.Duration);
            Assert.Null(request.AspectRatio);
        }
    }
}
