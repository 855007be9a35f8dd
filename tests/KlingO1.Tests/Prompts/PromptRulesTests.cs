using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using KlingO1.Prompts;

namespace KlingO1.Tests.Prompts
{
    public class PromptRulesTests
    {
        private static readonly Uri Image1 = new("https://example.com/one.jpg");
        private static readonly Uri Image2 = new("https://example.com/two.jpg");

        // A character outside the Basic Multilingual Plane: one character, two UTF-16 code units.
        private const string Emoji = "\U0001F600";

        [Fact]
        public void Constructor_NullPrompt_ThrowsArgumentNullException()
        {
            var ex = Assert.Throws<ArgumentNullException>(() => new VideoGenerationRequest(null!));
            Assert.Equal("prompt", ex.ParamName);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("   \t\r\n ")]
        public void Constructor_EmptyOrWhiteSpacePrompt_ThrowsArgumentException(string prompt)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt));
            Assert.IsNotType<ArgumentNullException>(ex);
            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_WhiteSpacePromptWithImages_ThrowsInsteadOfPrepending()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("  ", new[] { Image1 }));
            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_PromptOf2500Characters_IsAccepted()
        {
            var prompt = new string('a', 2500);

            var request = new VideoGenerationRequest(prompt);

            Assert.Equal(prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_PromptOf2501Characters_ThrowsWithLengthAndLimit()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(new string('a', 2501)));
            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains("2501", ex.Message, StringComparison.Ordinal);
            Assert.Contains("2500", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Shorten it by 1", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_2500Emoji_IsAcceptedBecauseSurrogatePairsCountAsOne()
        {
            var prompt = string.Concat(Enumerable.Repeat(Emoji, 2500));
            Assert.Equal(5000, prompt.Length);

            var request = new VideoGenerationRequest(prompt);

            Assert.Equal(prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_2501Emoji_ThrowsCountingCharactersNotCodeUnits()
        {
            var prompt = string.Concat(Enumerable.Repeat(Emoji, 2501));

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt));

            Assert.Contains("2501 characters", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("5002", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_MixedEmojiAndText2500Characters_IsAccepted()
        {
            var prompt = string.Concat(Enumerable.Repeat(Emoji + "a", 1250));

            var request = new VideoGenerationRequest(prompt);

            Assert.Equal(prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_AutoPrependBringsPromptTo2500_IsAccepted()
        {
            // "<<<image_1>>> " is 14 characters.
            var prompt = new string('a', 2500 - 14);

            var request = new VideoGenerationRequest(prompt, new[] { Image1 });

            Assert.Equal("<<<image_1>>> " + prompt, request.Prompt);
            Assert.Equal(2500, request.Prompt.Length);
        }

        [Fact]
        public void Constructor_AutoPrependPushesPromptOver2500_ThrowsMentioningAddedReference()
        {
            var prompt = new string('a', 2500 - 13);

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt, new[] { Image1 }));

            Assert.Contains("2501", ex.Message, StringComparison.Ordinal);
            Assert.Contains("<<<image_1>>>", ex.Message, StringComparison.Ordinal);
            Assert.Contains("added in front", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_PromptWithExplicitReferenceOf2500Characters_IsAccepted()
        {
            var prompt = "<<<image_1>>>" + new string('a', 2500 - 13);

            var request = new VideoGenerationRequest(prompt, new[] { Image1 });

            Assert.Equal(prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_ImageZero_ThrowsSayingReferencesCountFromOne()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("Animate <<<image_0>>>", new[] { Image1 }));

            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains("<<<image_0>>>", ex.Message, StringComparison.Ordinal);
            Assert.Contains("count from 1", ex.Message, StringComparison.Ordinal);
            Assert.Contains("<<<image_1>>>", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ReferenceBeyondImages_ThrowsNamingTheCount()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("<<<image_1>>> meets <<<image_3>>>", new[] { Image1, Image2 }));

            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains("<<<image_3>>>", ex.Message, StringComparison.Ordinal);
            Assert.Contains("only 2 images", ex.Message, StringComparison.Ordinal);
            Assert.Contains("<<<image_2>>>", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ReferenceBeyondSingleImage_ThrowsUsingSingularNoun()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("<<<image_2>>> waves", new[] { Image1 }));

            Assert.Contains("only 1 image:", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(null)]
        [InlineData(false)]
        public void Constructor_ReferenceWithoutImages_ThrowsSayingThereAreNoImages(bool? passEmptyList)
        {
            Uri[]? images = passEmptyList is null ? null : Array.Empty<Uri>();

            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("Make <<<image_1>>> dance", images));

            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains("<<<image_1>>>", ex.Message, StringComparison.Ordinal);
            Assert.Contains("no images", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<image_1>>")]
        [InlineData("<<<image_1>>")]
        [InlineData("<<image_1>>>")]
        [InlineData("<<<Image_1>>>")]
        [InlineData("<<<IMAGE_1>>>")]
        [InlineData("<<< image_1 >>>")]
        [InlineData("<<<image_ 1>>>")]
        [InlineData("<<<image_one>>>")]
        [InlineData("<<<image1>>>")]
        [InlineData("<<<image-1>>>")]
        [InlineData("<<<image_01>>>")]
        [InlineData("<<<image_1>>>>")]
        public void Constructor_NearMissToken_ThrowsWithHintAtExactSpelling(string token)
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest($"Make {token} dance", new[] { Image1 }));

            Assert.Equal("prompt", ex.ParamName);
            Assert.Contains($"\"{token}\"", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Write it as <<<image_1>>>", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<<image_two>>>", "<<<image_2>>>")]
        [InlineData("<<<Image_2>>>", "<<<image_2>>>")]
        [InlineData("<<image_2>>", "<<<image_2>>>")]
        public void Constructor_NearMissTokenForSecondImage_HintsSecondImage(string token, string hint)
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest($"<<<image_1>>> hugs {token}", new[] { Image1, Image2 }));

            Assert.Contains($"Write it as {hint}", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("<<<image_x>>>")]
        [InlineData("<<<images>>>")]
        [InlineData("<<<image_00>>>")]
        public void Constructor_NearMissTokenWithoutUsableNumber_ThrowsWithGenericHint(string token)
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest($"Make {token} dance", new[] { Image1 }));

            Assert.Contains("<<<image_N>>>", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_NearMissTokenWithoutImages_ThrowsNearMissError()
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("Make <<image_1>> dance"));

            Assert.Contains("\"<<image_1>>\"", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ExactReferencesToBothImages_KeepsPromptUnchanged()
        {
            const string Prompt = "The character in <<<image_1>>> walks toward the scene in <<<image_2>>>";

            var request = new VideoGenerationRequest(Prompt, new[] { Image1, Image2 });

            Assert.Equal(Prompt, request.Prompt);
            Assert.Equal(new[] { Image1, Image2 }, request.ImageUrls);
        }

        [Fact]
        public void Constructor_SameReferenceTwice_IsAccepted()
        {
            const string Prompt = "<<<image_1>>> looks at <<<image_1>>> in a mirror";

            var request = new VideoGenerationRequest(Prompt, new[] { Image1 });

            Assert.Equal(Prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_ReferenceToSecondImageOnly_DoesNotPrepend()
        {
            const string Prompt = "A slow pan across <<<image_2>>>";

            var request = new VideoGenerationRequest(Prompt, new[] { Image1, Image2 });

            Assert.Equal(Prompt, request.Prompt);
        }

        [Fact]
        public void Constructor_ImagesWithoutReference_PrependsFirstImageReference()
        {
            var request = new VideoGenerationRequest("Slow zoom in", new[] { Image1, Image2 });

            Assert.Equal("<<<image_1>>> Slow zoom in", request.Prompt);
        }

        [Fact]
        public void Constructor_ImagesWithoutReference_MatchesRecordedAutoPrependPayload()
        {
            using var payload = JsonDocument.Parse(
                File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "request-auto-prepend.json")));
            var root = payload.RootElement;
            var images = root.GetProperty("image_urls").EnumerateArray().Select(e => new Uri(e.GetString()!)).ToArray();

            var request = new VideoGenerationRequest("Person slowly turns head and smiles", images);

            Assert.Equal(root.GetProperty("prompt").GetString(), request.Prompt);
            Assert.Equal(images, request.ImageUrls);
        }

        [Fact]
        public void Constructor_NoImagesAndNoReference_KeepsPromptUnchanged()
        {
            const string Prompt = "Golden hour city skyline, cinematic lens quality";

            var request = new VideoGenerationRequest(Prompt);

            Assert.Equal(Prompt, request.Prompt);
            Assert.Empty(request.ImageUrls);
        }

        [Theory]
        [InlineData("Compare x << y and image quality")]
        [InlineData("image_1 without brackets")]
        [InlineData("a > b, <tag>")]
        public void Constructor_TextThatIsNotAReferenceCandidate_IsAccepted(string prompt)
        {
            var request = new VideoGenerationRequest(prompt);

            Assert.Equal(prompt, request.Prompt);
        }

        [Fact]
        public void Check_DirectCallWithImagesAndNoReference_Prepends()
        {
            var effective = PromptRules.Check("Wave", 1, 0, 0).Text;

            Assert.Equal("<<<image_1>>> Wave", effective);
        }

        [Fact]
        public void Request_KeepsThePromptsReferencesInPromptOrder_ForTheRulesAtSubmit()
        {
            var request = new VideoGenerationRequest(
                "<<<element_1>>> meets <<<image_2>>> and <<<image_1>>>",
                new[] { KlingImageSource.FromUrl(new Uri("https://example.com/a.png")), KlingImageSource.FromUrl(new Uri("https://example.com/b.png")) },
                new[] { new SubjectElement(KlingImageSource.FromUrl(new Uri("https://example.com/e.png"))) });

            Assert.Equal(new[] { "<<<element_1>>>", "<<<image_2>>>", "<<<image_1>>>" }, request.References.Select(r => r.Token));
        }

        [Fact]
        public void Scan_ExactTokens_ReturnsNumbersInOrder()
        {
            var references = ReferenceScanner.Scan("<<<image_2>>> then <<<image_1>>> then <<<image_2>>>");

            Assert.Equal(new[] { 2, 1, 2 }, references.Select(r => r.Number));
            Assert.Equal("<<<image_2>>>", references[0].Token);
        }

        [Fact]
        public void Scan_HugeNumber_ThrowsArgumentException()
        {
            var ex = Assert.Throws<ArgumentException>(() => ReferenceScanner.Scan("<<<image_99999999999>>>"));

            Assert.Contains("<<<image_99999999999>>>", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("A cat in \uFF1C\uFF1C\uFF1Cimage_1\uFF1E\uFF1E\uFF1E")]   // fullwidth brackets
        [InlineData("A cat in <<<\u0456mage_1>>>")]                        // Cyrillic i
        [InlineData("A cat in \u2039\u2039\u2039image_1\u203A\u203A\u203A")]   // single guillemets
        [InlineData("A cat in <<<image_\uFF11>>>")]                        // fullwidth digit
        [InlineData("A cat in <<<im\u0430ge_1>>>")]                        // Cyrillic a
        [InlineData("A cat in <<<im\u200Bage_1>>>")]                       // zero-width space
        [InlineData("A cat in <<<ima\u00ADge_1>>>")]                       // soft hyphen
        [InlineData("A cat in <<<image_1\u2060>>>")]                       // word joiner
        [InlineData("A cat in <<<\u2170mage_1>>>")]                        // Roman numeral one
        [InlineData("A cat in <<<im\u0251ge_1>>>")]                        // Latin alpha
        [InlineData("A cat in <<<\U0001D422mage_1>>>")]                    // mathematical bold i (two UTF-16 units)
        [InlineData("A cat in <<<\u24D8mage_1>>>")]                        // circled i
        public void Scan_LookAlikeToken_IsRefusedWithThePlainSpelling(string prompt)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest(prompt, new[] { new Uri("https://example.com/cat.jpg") }));
            var viaBuilder = Assert.Throws<ArgumentException>(() => new PromptBuilder().Text(prompt).Image("https://example.com/cat.jpg").Build());

            Assert.Contains("look-alike or invisible characters", ex.Message, StringComparison.Ordinal);
            Assert.Contains(prompt.Substring(prompt.IndexOf("in ", StringComparison.Ordinal) + 3), ex.Message, StringComparison.Ordinal);
            Assert.Contains("look-alike", viaBuilder.Message, StringComparison.Ordinal);
            Assert.Contains("<<<image_1>>>", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Привет, кот <<<image_1>>>")]
        [InlineData("Ｈｅｌｌｏ <<<image_1>>> « quoted »")]
        [InlineData("A family \U0001F468\u200D\U0001F469\u200D\U0001F467 by <<<image_1>>>\u200B, soft\u00ADly lit, \u2160 \U0001D400")]
        public void Scan_LookAlikeCharactersOutsideAToken_AreJustText(string prompt)
            => Assert.Single(new VideoGenerationRequest(prompt, new[] { new Uri("https://example.com/cat.jpg") }).ImageUrls);
    }
}
