using System.Collections.Generic;
using System;
using System.Linq;
using KlingO1.Prompts;

namespace KlingO1.Tests.Prompts
{
    public class ImageUrlRulesTests
    {
        // Base64 of a JPEG starts with "/9j/"; of a PNG with "iVBORw0KGgo".
        private static readonly string JpegBase64 = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/";
        private static readonly string PngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

        private static Uri Http(int i) => new($"https://example.com/image{i}.jpg");

        [Theory]
        [InlineData("https://example.com/portrait.jpg")]
        [InlineData("http://example.com/portrait.png")]
        [InlineData("HTTPS://EXAMPLE.COM/portrait.png")]
        [InlineData("https://files.toapis.com/u/abc.png?sig=1&x=2")]
        public void Constructor_AbsoluteHttpOrHttpsUrl_IsAccepted(string url)
        {
            var uri = new Uri(url);

            var request = new VideoGenerationRequest("<<<image_1>>> waves", new[] { uri });

            Assert.Equal(new[] { uri }, request.ImageUrls);
        }

        [Fact]
        public void Constructor_RelativeUrl_ThrowsSayingNotAbsolute()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("waves", new[] { new Uri("images/portrait.jpg", UriKind.Relative) }));

            Assert.Equal("imageUrls", ex.ParamName);
            Assert.Contains("Image 1", ex.Message, StringComparison.Ordinal);
            Assert.Contains("images/portrait.jpg", ex.Message, StringComparison.Ordinal);
            Assert.Contains("not an absolute URL", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_DataUri_ThrowsAdvisingUpload()
        {
            var dataUri = new Uri("data:image/png;base64," + PngBase64);

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("waves", new[] { dataUri }));

            Assert.Equal("imageUrls", ex.ParamName);
            Assert.Contains("data:", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
            Assert.Contains("/v1/uploads/images", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Constructor_Base64TextAsRelativeUri_ThrowsMentioningBase64AndUpload(bool jpeg)
        {
            var base64 = new Uri(jpeg ? JpegBase64 : PngBase64, UriKind.Relative);

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("waves", new[] { base64 }));

            Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_LongBase64TextAsRelativeUri_ThrowsMentioningBase64AndUpload()
        {
            var text = string.Concat(Enumerable.Repeat(PngBase64.TrimEnd('='), 100));
            var base64 = new Uri(text, UriKind.Relative);

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("waves", new[] { base64 }));

            Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
            Assert.True(ex.Message.Length < 1000, "The message should not echo the whole base64 text.");
        }

        [Theory]
        [InlineData("ftp://example.com/portrait.jpg", "ftp:")]
        [InlineData("file:///home/me/portrait.jpg", "file:")]
        public void Constructor_NonHttpScheme_ThrowsNamingScheme(string url, string scheme)
        {
            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("waves", new[] { new Uri(url) }));

            Assert.Equal("imageUrls", ex.ParamName);
            Assert.Contains(scheme, ex.Message, StringComparison.Ordinal);
            Assert.Contains("http or https", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_NullElement_ThrowsNamingItsPosition()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => new VideoGenerationRequest("waves", new Uri[] { Http(1), null! }));

            Assert.Equal("imageUrls", ex.ParamName);
            Assert.Contains("Image 2 is null", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_SevenImages_IsAccepted()
        {
            var images = Enumerable.Range(1, 7).Select(Http).ToArray();

            var request = new VideoGenerationRequest("<<<image_7>>> and <<<image_1>>>", images);

            Assert.Equal(images, request.ImageUrls);
        }

        [Fact]
        public void Constructor_EightImages_ThrowsNamingTheLimit()
        {
            var images = Enumerable.Range(1, 8).Select(Http).ToArray();

            var ex = Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("waves", images));

            Assert.Equal("imageUrls", ex.ParamName);
            Assert.Contains("8 images", ex.Message, StringComparison.Ordinal);
            Assert.Contains("at most 7", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ImageList_IsSnapshotIndependentOfCallerArray()
        {
            var images = new[] { Http(1), Http(2) };

            var request = new VideoGenerationRequest("<<<image_1>>>", images);
            images[0] = Http(9);

            Assert.Equal(Http(1), request.ImageUrls[0]);
        }

        [Fact]
        public void Validate_Null_ReturnsEmptyList()
        {
            Assert.Empty(ImageUrlRules.Validate((IEnumerable<Uri>?)null));
        }

        [Fact]
        public void Parse_HttpsString_ReturnsAbsoluteUri()
        {
            var uri = ImageUrlRules.Parse("https://example.com/a.jpg", "imageUrl");

            Assert.True(uri.IsAbsoluteUri);
            Assert.Equal("https://example.com/a.jpg", uri.AbsoluteUri);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public void Parse_EmptyString_ThrowsArgumentException(string text)
        {
            var ex = Assert.Throws<ArgumentException>(() => ImageUrlRules.Parse(text, "imageUrl"));

            Assert.Equal("imageUrl", ex.ParamName);
            Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_DataUriString_ThrowsAdvisingUpload()
        {
            var ex = Assert.Throws<ArgumentException>(
                () => ImageUrlRules.Parse("data:image/png;base64," + PngBase64, "imageUrl"));

            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Parse_Base64String_ThrowsMentioningBase64AndUpload(bool jpeg)
        {
            var ex = Assert.Throws<ArgumentException>(() => ImageUrlRules.Parse(jpeg ? JpegBase64 : PngBase64, "imageUrl"));

            Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_VeryLongBase64String_ThrowsMentioningBase64AndUpload()
        {
            // Longer than System.Uri's own length limit, as a real image would be.
            var text = string.Concat(Enumerable.Repeat(PngBase64.TrimEnd('='), 1000));

            var ex = Assert.Throws<ArgumentException>(() => ImageUrlRules.Parse(text, "imageUrl"));

            Assert.Contains("base64", ex.Message, StringComparison.Ordinal);
            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_VeryLongDataUriString_ThrowsAdvisingUpload()
        {
            // A realistic data URI: a ~90 KB image, longer than System.Uri's own length limit.
            var text = "data:image/png;base64," + string.Concat(Enumerable.Repeat(PngBase64.TrimEnd('='), 1000));

            var ex = Assert.Throws<ArgumentException>(() => ImageUrlRules.Parse(text, "imageUrl"));

            Assert.Contains("upload", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_RelativePath_ThrowsSayingNotAbsolute()
        {
            var ex = Assert.Throws<ArgumentException>(() => ImageUrlRules.Parse("images/a.jpg", "imageUrl"));

            Assert.Contains("not an absolute URL", ex.Message, StringComparison.Ordinal);
        }
    }
}
