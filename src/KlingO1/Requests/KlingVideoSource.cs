using System;
using System.IO;
using KlingO1.Media;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// A reference video: a public URL the service fetches itself, or a local file or stream that the client uploads
    /// (<c>POST /v1/uploads/videos</c>: MP4, WebM or MOV, at most 50 MB) when the request is submitted.
    /// </summary>
    public sealed class KlingVideoSource
    {
        private KlingVideoSource(MediaOrigin origin) => Origin = origin;

        /// <summary>Gets the video's public URL, or <see langword="null"/> for a local video.</summary>
        public Uri? Url => Origin.Url;

        /// <summary>Gets the full path of a local file, or <see langword="null"/>.</summary>
        public string? FilePath => Origin.FilePath;

        /// <summary>Gets the file name sent with an upload, or <see langword="null"/> for a URL.</summary>
        public string? FileName => Origin.FileName;

        /// <summary>Gets a value indicating whether the video must be uploaded before it can be used.</summary>
        public bool IsLocal => Url is null;

        internal MediaOrigin Origin { get; }

        /// <summary>Returns a video at a public http(s) URL.</summary>
        /// <param name="url">The URL.</param>
        /// <returns>The video source.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s).</exception>
        public static KlingVideoSource FromUrl(Uri url)
        {
            ImageUrlRules.ValidateOne(url, "The video URL", nameof(url), MediaKind.Video);
            return new KlingVideoSource(MediaOrigin.FromUrl(url));
        }

        /// <summary>Returns a local video file, uploaded when the request is submitted.</summary>
        /// <param name="path">The file's path.</param>
        /// <returns>The video source.</returns>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
        public static KlingVideoSource FromFile(string path) => new(MediaOrigin.FromFile(path, "video", nameof(path)));

        /// <summary>
        /// Returns a video read from a stream, uploaded when the request is submitted. The stream is read from its
        /// current position; a seekable stream is rewound there for every upload, others can be uploaded once.
        /// </summary>
        /// <param name="content">The video bytes; the caller keeps ownership.</param>
        /// <param name="fileName">The file name to upload under, for example <c>clip.mp4</c>.</param>
        /// <returns>The video source.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read, or the file name is empty.</exception>
        public static KlingVideoSource FromStream(Stream content, string fileName)
            => new(MediaOrigin.FromStream(content, fileName, "video", MediaKind.Video.ExampleFileName));

        /// <summary>Returns the video named by <paramref name="urlOrPath"/>: an http(s) URL, or else the path of an existing file.</summary>
        /// <param name="urlOrPath">A public http(s) URL or a local file path.</param>
        /// <returns>The video source.</returns>
        /// <exception cref="ArgumentException">The text is inline data, a URL of another scheme, or neither a URL nor an existing file.</exception>
        public static KlingVideoSource Parse(string urlOrPath)
        {
            if (string.IsNullOrWhiteSpace(urlOrPath))
            {
                throw new ArgumentException("The video is empty: pass a URL or a file path.", nameof(urlOrPath));
            }

            if (Uri.TryCreate(urlOrPath, UriKind.Absolute, out var uri) && !uri.IsFile)
            {
                return FromUrl(uri);
            }

            if (!urlOrPath.StartsWith("data:", StringComparison.OrdinalIgnoreCase) && File.Exists(uri?.LocalPath ?? urlOrPath))
            {
                return FromFile(uri?.LocalPath ?? urlOrPath);
            }

            throw new ArgumentException(
                urlOrPath.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || ImageUrlRules.LooksLikeBase64(urlOrPath)
                    ? "The video is inline data, which the service does not accept: upload the file with POST /v1/uploads/videos and pass the returned URL."
                    : $"The video \"{urlOrPath}\" is neither an http(s) URL nor an existing file.",
                nameof(urlOrPath));
        }

        /// <inheritdoc />
        public override string ToString() => Origin.ToString();
    }
}
