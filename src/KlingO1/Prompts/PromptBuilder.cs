using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
        private readonly List<ImageSource> _images = new();

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
        /// <param name="image">A URL, file or stream image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="ArgumentException">This would be an eighth image.</exception>
        public PromptBuilder Image(ImageSource image)
        {
            if (image is null)
            {
                throw new ArgumentNullException(nameof(image));
            }

            var index = _images.FindIndex(known => known.SameImageAs(image));
            if (index < 0)
            {
                if (_images.Count == ImageUrlRules.MaxImages)
                {
                    throw new ArgumentException(
                        $"Kling accepts at most {ImageUrlRules.MaxImages.ToString(CultureInfo.InvariantCulture)} reference images; this would be the eighth.",
                        nameof(image));
                }

                _images.Add(image);
                index = _images.Count - 1;
            }

            _prompt.Append("<<<image_").Append((index + 1).ToString(CultureInfo.InvariantCulture)).Append(">>>");
            return this;
        }

        /// <summary>Appends a reference to an image at a public URL.</summary>
        /// <param name="imageUrl">A public http(s) URL of the image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s), or this is an eighth image.</exception>
        public PromptBuilder Image(Uri imageUrl) => Image(ImageSource.FromUrl(imageUrl));

        /// <summary>Appends a reference to an image given as an http(s) URL or the path of a local file (uploaded at submit).</summary>
        /// <param name="urlOrPath">A public http(s) URL, or a local file path.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is inline (base64) data, another scheme, or neither a URL nor an existing file; or this is an eighth image.</exception>
        public PromptBuilder Image(string urlOrPath) => Image(ImageSource.Parse(urlOrPath));

        /// <summary>Appends a reference to a local image file, uploaded when the request is submitted.</summary>
        /// <param name="file">The image file.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
        public PromptBuilder Image(FileInfo file) => Image(ImageSource.FromFile(file));

        /// <summary>Appends a reference to an image read from a stream, uploaded when the request is submitted.</summary>
        /// <param name="content">The image bytes; the caller keeps ownership.</param>
        /// <param name="fileName">The file name to upload under.</param>
        /// <returns>This builder.</returns>
        public PromptBuilder Image(Stream content, string fileName) => Image(ImageSource.FromStream(content, fileName));

        /// <summary>Builds the request from the prompt and images so far.</summary>
        /// <returns>A request with the standard mode and a 5-second duration; set those on it as needed.</returns>
        /// <exception cref="ArgumentException">The composed prompt breaks a prompt rule (see <see cref="VideoGenerationRequest"/>).</exception>
        public VideoGenerationRequest Build() => new(_prompt.ToString(), _images);
    }
}
