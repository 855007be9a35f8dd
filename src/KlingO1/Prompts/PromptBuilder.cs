using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using KlingO1.Prompts;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// Composes a prompt with references placed inline, numbering <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>,
    /// <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c> and <c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c> itself, each kind on its own and in
    /// the order they first appear (which the Omni request shape requires). The same item used twice keeps one number
    /// and is sent once.
    /// </summary>
    /// <example>
    /// <code>
    /// var request = new PromptBuilder()
    ///     .Text("The character in ").Image(characterUrl)
    ///     .Text(" walks toward the scene in ").Image(sceneUrl)
    ///     .Build();
    /// </code>
    /// </example>
    /// <example>
    /// A transition between two frames (needs <see cref="RequestShape.Omni"/>):
    /// <code>
    /// var request = new PromptBuilder()
    ///     .Text("Start on ").FirstFrame(dawnUrl)
    ///     .Text(", end on ").EndFrame(duskUrl)
    ///     .Text(": a time-lapse of the harbour")
    ///     .Build();
    /// </code>
    /// </example>
    /// <remarks>A builder is not thread-safe; the requests it builds are independent of it.</remarks>
    public sealed class PromptBuilder
    {
        private readonly StringBuilder _prompt = new();
        private readonly List<KlingImageSource> _images = new();
        private readonly List<SubjectElement> _elements = new();
        private ReferenceVideo? _video;

        /// <summary>Appends text to the prompt.</summary>
        /// <param name="text">The text, used as written.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
        public PromptBuilder Text(string text)
        {
            _prompt.Append(Guard.NotNull(text));
            return this;
        }

        /// <summary>Appends a reference to an image, adding the image to the request the first time it is used.</summary>
        /// <param name="image">A URL, file or stream image; its <see cref="KlingImageSource.Role"/> says whether it is a frame.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="ArgumentException">Images and elements would number more than seven.</exception>
        public PromptBuilder Image(KlingImageSource image)
        {
            Guard.NotNull(image);

            var index = _images.FindIndex(known => known.SameImageAs(image));
            if (index < 0)
            {
                ThrowIfFull(nameof(image));
                _images.Add(image);
                index = _images.Count - 1;
            }

            return Reference(ReferenceKind.Image, index);
        }

        /// <summary>Appends a reference to the clip's first frame (an image; needs <see cref="RequestShape.Omni"/>).</summary>
        /// <param name="image">A URL, file or stream image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="ArgumentException">Images and elements would number more than seven.</exception>
        public PromptBuilder FirstFrame(KlingImageSource image) => Image((Guard.NotNull(image)).AsFirstFrame());

        /// <summary>Appends a reference to a first frame at a URL, or in a local file (uploaded at submit).</summary>
        /// <param name="urlOrPath">A public http(s) URL, or a local file path.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is neither a usable URL nor an existing file, or this is an eighth image or element.</exception>
        public PromptBuilder FirstFrame(string urlOrPath) => FirstFrame(KlingImageSource.Parse(urlOrPath));

        /// <summary>Appends a reference to the clip's last frame (the request then needs a first frame too).</summary>
        /// <param name="image">A URL, file or stream image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
        /// <exception cref="ArgumentException">Images and elements would number more than seven.</exception>
        public PromptBuilder EndFrame(KlingImageSource image) => Image((Guard.NotNull(image)).AsEndFrame());

        /// <summary>Appends a reference to a last frame at a URL, or in a local file (uploaded at submit).</summary>
        /// <param name="urlOrPath">A public http(s) URL, or a local file path.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is neither a usable URL nor an existing file, or this is an eighth image or element.</exception>
        public PromptBuilder EndFrame(string urlOrPath) => EndFrame(KlingImageSource.Parse(urlOrPath));

        /// <summary>
        /// Appends a reference to a subject element (<c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c>), adding it the first time
        /// it is used. Needs <see cref="RequestShape.Omni"/>.
        /// </summary>
        /// <param name="element">The subject.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="element"/> is null.</exception>
        /// <exception cref="ArgumentException">Images and elements would number more than seven.</exception>
        public PromptBuilder Element(SubjectElement element)
        {
            Guard.NotNull(element);

            var index = _elements.FindIndex(known => ReferenceEquals(known, element) || known.SameAs(element));
            if (index < 0)
            {
                ThrowIfFull(nameof(element));
                _elements.Add(element);
                index = _elements.Count - 1;
            }

            return Reference(ReferenceKind.Element, index);
        }

        /// <summary>Appends a reference to a subject element shown by an image at a URL or in a local file.</summary>
        /// <param name="imageUrlOrPath">A public http(s) URL, or a local file path, of an image of the subject.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is neither a usable URL nor an existing file, or this is an eighth image or element.</exception>
        public PromptBuilder Element(string imageUrlOrPath) => Element(new SubjectElement(KlingImageSource.Parse(imageUrlOrPath)));

        /// <summary>
        /// Appends a reference to the request's reference video (<c>&lt;&lt;&lt;video_1&gt;&gt;&gt;</c>), setting it the
        /// first time. A request carries at most one. Needs <see cref="RequestShape.Omni"/>.
        /// </summary>
        /// <param name="video">The reference video.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="video"/> is null.</exception>
        /// <exception cref="ArgumentException">The builder already has a different reference video.</exception>
        public PromptBuilder Video(ReferenceVideo video)
        {
            Guard.NotNull(video);

            if (_video is null)
            {
                _video = video;
            }
            else if (!ReferenceEquals(_video, video) && !(_video.Source.Origin.SameAs(video.Source.Origin) && _video.Type == video.Type && _video.KeepOriginalSound == video.KeepOriginalSound))
            {
                throw new ArgumentException(
                    "Kling takes at most one reference video per request, and this builder already has another (" + _video + ").", nameof(video));
            }

            return Reference(ReferenceKind.Video, 0);
        }

        /// <summary>Appends a reference to a reference video at a URL or in a local file (uploaded at submit).</summary>
        /// <param name="urlOrPath">A public http(s) URL, or a local file path.</param>
        /// <param name="type">Whether the video is a reference for features (motion, style) or the video to edit.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is neither a usable URL nor an existing file, or the builder already has a different video.</exception>
        public PromptBuilder Video(string urlOrPath, ReferenceVideoType type) => Video(new ReferenceVideo(KlingVideoSource.Parse(urlOrPath), type));

        /// <summary>Appends a reference to an image at a public URL.</summary>
        /// <param name="imageUrl">A public http(s) URL of the image.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s), or this is an eighth image.</exception>
        public PromptBuilder Image(Uri imageUrl) => Image(KlingImageSource.FromUrl(imageUrl));

        /// <summary>Appends a reference to an image given as an http(s) URL or the path of a local file (uploaded at submit).</summary>
        /// <param name="urlOrPath">A public http(s) URL, or a local file path.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="ArgumentException">The text is inline (base64) data, another scheme, or neither a URL nor an existing file; or this is an eighth image.</exception>
        public PromptBuilder Image(string urlOrPath) => Image(KlingImageSource.Parse(urlOrPath));

        /// <summary>Appends a reference to a local image file, uploaded when the request is submitted.</summary>
        /// <param name="file">The image file.</param>
        /// <returns>This builder.</returns>
        /// <exception cref="System.IO.FileNotFoundException">The file does not exist.</exception>
        public PromptBuilder Image(FileInfo file) => Image(KlingImageSource.FromFile(file));

        /// <summary>Appends a reference to an image read from a stream, uploaded when the request is submitted.</summary>
        /// <param name="content">The image bytes; the caller keeps ownership.</param>
        /// <param name="fileName">The file name to upload under.</param>
        /// <returns>This builder.</returns>
        public PromptBuilder Image(Stream content, string fileName) => Image(KlingImageSource.FromStream(content, fileName));

        /// <summary>Builds the request from the prompt and media so far.</summary>
        /// <returns>A request with the standard mode and a 5-second duration; set those on it as needed.</returns>
        /// <exception cref="ArgumentException">
        /// The composed prompt or the media break a rule (see <see cref="VideoGenerationRequest"/>), for example more than
        /// four images and elements beside a reference video, or an end frame without a first frame.
        /// </exception>
        public VideoGenerationRequest Build() => new(_prompt.ToString(), _images, _elements, _video);

        private PromptBuilder Reference(ReferenceKind kind, int index)
        {
            _prompt.Append(ReferenceScanner.Token(kind, index + 1));
            return this;
        }

        private void ThrowIfFull(string paramName)
        {
            if (_images.Count + _elements.Count == CompositionRules.MaxReferences)
            {
                throw new ArgumentException(
                    $"Kling accepts at most {CompositionRules.MaxReferences.ToString(CultureInfo.InvariantCulture)} reference images and elements together; this would be the eighth.",
                    paramName);
            }
        }
    }
}
