using System;
using System.IO;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// A reference image: a public URL the service fetches itself, or a local file or stream that the client
    /// uploads (<c>POST /v1/uploads/images</c>) when the request is submitted, since the service refuses inline images.
    /// </summary>
    public sealed class ImageSource
    {
        private readonly long _streamStart;

        private ImageSource(Uri? url, string? filePath, Stream? stream, string? fileName)
        {
            Url = url;
            FilePath = filePath;
            Stream = stream;
            FileName = fileName;
            _streamStart = stream is { CanSeek: true } ? stream.Position : -1;
        }

        /// <summary>Gets the image's public URL, or <see langword="null"/> for a local image.</summary>
        public Uri? Url { get; }

        /// <summary>Gets the full path of a local file, or <see langword="null"/>.</summary>
        public string? FilePath { get; }

        /// <summary>Gets the file name sent with an upload, or <see langword="null"/> for a URL.</summary>
        public string? FileName { get; }

        /// <summary>Gets a value indicating whether the image must be uploaded before it can be used.</summary>
        public bool IsLocal => Url is null;

        internal Stream? Stream { get; }

        /// <summary>Returns an image at a public http(s) URL.</summary>
        /// <param name="url">The URL.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s).</exception>
        public static ImageSource FromUrl(Uri url)
        {
            ImageUrlRules.ValidateOne(url, "The image URL", nameof(url));
            return new ImageSource(url, null, null, null);
        }

        /// <summary>Returns a local image file, uploaded when the request is submitted.</summary>
        /// <param name="path">The file's path.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
        public static ImageSource FromFile(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("The image file path is empty.", nameof(path));
            }

            var fullPath = Path.GetFullPath(path);
            return File.Exists(fullPath)
                ? new ImageSource(null, fullPath, null, Path.GetFileName(fullPath))
                : throw new FileNotFoundException($"The image file \"{fullPath}\" does not exist.", fullPath);
        }

        /// <summary>Returns a local image file, uploaded when the request is submitted.</summary>
        /// <param name="file">The file.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public static ImageSource FromFile(FileInfo file)
            => FromFile((file ?? throw new ArgumentNullException(nameof(file))).FullName);

        /// <summary>
        /// Returns an image read from a stream, uploaded when the request is submitted. The stream is read from its
        /// current position; a seekable stream is rewound there for every upload, others can be uploaded once.
        /// </summary>
        /// <param name="content">The image bytes; the caller keeps ownership.</param>
        /// <param name="fileName">The file name to upload under, for example <c>portrait.png</c>.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read, or the file name is empty.</exception>
        public static ImageSource FromStream(Stream content, string fileName)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (!content.CanRead)
            {
                throw new ArgumentException("The image stream cannot be read.", nameof(content));
            }

            if (string.IsNullOrWhiteSpace(fileName))
            {
                throw new ArgumentException("Give the image a file name, for example \"portrait.png\".", nameof(fileName));
            }

            return new ImageSource(null, null, content, Path.GetFileName(fileName));
        }

        /// <summary>
        /// Returns the image named by <paramref name="urlOrPath"/>: an http(s) URL, or else the path of an existing file.
        /// </summary>
        /// <param name="urlOrPath">A public http(s) URL or a local file path.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The text is inline image data, a URL of another scheme, or neither a URL nor an existing file.</exception>
        public static ImageSource Parse(string urlOrPath)
        {
            if (string.IsNullOrWhiteSpace(urlOrPath))
            {
                throw new ArgumentException("The image is empty: pass a URL or a file path.", nameof(urlOrPath));
            }

            if (Uri.TryCreate(urlOrPath, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return FromUrl(uri);
            }

            if (uri is { IsFile: true } && File.Exists(uri.LocalPath))
            {
                return FromFile(uri.LocalPath);
            }

            if (!urlOrPath.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && !ImageUrlRules.LooksLikeBase64(urlOrPath) && File.Exists(urlOrPath))
            {
                return FromFile(urlOrPath);
            }

            // Inline data or a URL of another scheme: the URL rules explain what to do instead.
            if (urlOrPath.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || ImageUrlRules.LooksLikeBase64(urlOrPath))
            {
                ImageUrlRules.Parse(urlOrPath, nameof(urlOrPath));
            }

            if (uri is { IsFile: false })
            {
                ImageUrlRules.ValidateOne(uri, "The image URL", nameof(urlOrPath));
            }

            throw new ArgumentException(
                $"The image \"{urlOrPath}\" is neither an http(s) URL nor an existing file.", nameof(urlOrPath));
        }

        /// <inheritdoc />
        public override string ToString() => Url?.ToString() ?? FilePath ?? "stream:" + FileName;

        /// <summary>Rewinds a seekable stream to where it started, so the same source can be uploaded again.</summary>
        internal void RewindStream()
        {
            if (Stream is not null && _streamStart >= 0)
            {
                Stream.Position = _streamStart;
            }
        }

        /// <summary>Tells whether two sources name the same image, so it is numbered and uploaded once.</summary>
        internal bool SameImageAs(ImageSource other)
            => Url is not null ? other.Url is not null && string.Equals(Url.AbsoluteUri, other.Url.AbsoluteUri, StringComparison.Ordinal)
                : FilePath is not null ? string.Equals(FilePath, other.FilePath, StringComparison.Ordinal)
                : ReferenceEquals(Stream, other.Stream);
    }
}
