using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// Composes a prompt with reference images placed inline, numbering the <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>
    /// references itself. The same image used twice keeps one number and is sent once.
    /// </summary>
    /// <example>
    /// <code>
    /// var request = new PromptBuilder()
    ///     .Text("The character in ").Image(characterUrl)
    ///     .Text(" walks toward the scene in ").Image(sceneUrl)
    ///     .Build();
    /// </code>
    /// </example>
    /// <remarks>A builder is not thread-safe; the requests it builds are independent of it.</remarks>
    public sealed class PromptBuilder
    {
        private readonly StringBuilder _prompt = new();
        private readonly List<Uri> _images = new();

        /// <summary>Appends text to the prompt.</summary>
        /// <param name="text">The text, used as written.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public PromptBuilder Text(string text)
        {
            _prompt.Append(text ?? throw new ArgumentNullException(nameof(text)));
            return this;
        }

        /// <summary>Appends a reference to an image, adding the image to the request the first time it is used.</summary>
        /// <param name="imageUrl">A public http(s) URL of the image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s), or this is an eighth image.</exception>
        public PromptBuilder Image(Uri imageUrl)
        {
            ImageUrlRules.ValidateOne(imageUrl, "The image URL", nameof(imageUrl));
            // Same image means the same URL text: Uri.Equals ignores user info, which can name another resource.
            var index = _images.FindIndex(known => string.Equals(known.AbsoluteUri, imageUrl.AbsoluteUri, StringComparison.Ordinal));
            if (index < 0)
            {
                if (_images.Count == ImageUrlRules.MaxImages)
                {
                    throw new ArgumentException(
                        $"Kling accepts at most {ImageUrlRules.MaxImages.ToString(CultureInfo.InvariantCulture)} reference images; this would be the eighth.",
                        nameof(imageUrl));
                }

                _images.Add(imageUrl);
                index = _images.Count - 1;
            }

            _prompt.Append("<<<image_").Append((index + 1).ToString(CultureInfo.InvariantCulture)).Append(">>>");
            return this;
        }

        /// <summary>Appends a reference to an image given as a URL string.</summary>
        /// <param name="imageUrl">A public http(s) URL of the image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is not an absolute http(s) URL (base64 data included), or this is an eighth image.</exception>
        public PromptBuilder Image(string imageUrl) => Image(ImageUrlRules.Parse(imageUrl, nameof(imageUrl)));

        /// <summary>Builds the request from the prompt and images so far.</summary>
        /// <returns>A request with the standard mode and a 5-second duration; set those on it as needed.</returns>
        /// <exception cref="ArgumentException">The composed prompt breaks a prompt rule (see <see cref="VideoGenerationRequest"/>).</exception>
        public VideoGenerationRequest Build() => new(_prompt.ToString(), _images);
    }
}
