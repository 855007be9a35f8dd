using System;
using System.IO;
using KlingO1.Media;
using KlingO1.Prompts;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// A reference image: a public URL the service fetches itself, or a local file or stream that the client
    /// uploads (<c>POST /v1/uploads/images</c>) when the request is submitted, since the service refuses inline images.
    /// </summary>
    public sealed class KlingImageSource
    {
        private KlingImageSource(MediaOrigin origin, ImageRole role)
        {
            Origin = origin;
            Role = role;
        }

        /// <summary>Gets the image's public URL, or <see langword="null"/> for a local image.</summary>
        public Uri? Url => Origin.Url;

        /// <summary>Gets the full path of a local file, or <see langword="null"/>.</summary>
        public string? FilePath => Origin.FilePath;

        /// <summary>Gets the file name sent with an upload, or <see langword="null"/> for a URL.</summary>
        public string? FileName => Origin.FileName;

        /// <summary>Gets a value indicating whether the image must be uploaded before it can be used.</summary>
        public bool IsLocal => Url is null;

        /// <summary>Gets what the image is for: a reference (the default), the first frame or the last frame.</summary>
        public ImageRole Role { get; }

        internal MediaOrigin Origin { get; }

        /// <summary>Returns an image at a public http(s) URL.</summary>
        /// <param name="url">The URL.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s).</exception>
        public static KlingImageSource FromUrl(Uri url)
        {
            ImageUrlRules.ValidateOne(url, "The image URL", nameof(url));
            return new KlingImageSource(MediaOrigin.FromUrl(url), ImageRole.Reference);
        }

        /// <summary>Returns a local image file, uploaded when the request is submitted.</summary>
        /// <param name="path">The file's path.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The path is empty.</exception>
        /// <exception cref="FileNotFoundException">No file exists at the path.</exception>
        public static KlingImageSource FromFile(string path) => new(MediaOrigin.FromFile(path, "image", nameof(path)), ImageRole.Reference);

        /// <summary>Returns a local image file, uploaded when the request is submitted.</summary>
        /// <param name="file">The file.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public static KlingImageSource FromFile(FileInfo file)
            => FromFile((Guard.NotNull(file)).FullName);

        /// <summary>
        /// Returns an image read from a stream, uploaded when the request is submitted. The stream is read from its
        /// current position; a seekable stream is rewound there for every upload, others can be uploaded once.
        /// </summary>
        /// <param name="content">The image bytes; the caller keeps ownership.</param>
        /// <param name="fileName">The file name to upload under, for example <c>portrait.png</c>.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
        /// <exception cref="ArgumentException">The stream cannot be read, or the file name is empty.</exception>
        public static KlingImageSource FromStream(Stream content, string fileName)
            => new(MediaOrigin.FromStream(content, fileName, "image", MediaKind.Image.ExampleFileName), ImageRole.Reference);

        /// <summary>
        /// Returns the image named by <paramref name="urlOrPath"/>: an http(s) URL, or else the path of an existing file.
        /// </summary>
        /// <param name="urlOrPath">A public http(s) URL or a local file path.</param>
        /// <returns>The image source.</returns>
        /// <exception cref="ArgumentException">The text is inline image data, a URL of another scheme, or neither a URL nor an existing file.</exception>
        public static KlingImageSource Parse(string urlOrPath)
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

        /// <summary>Returns this image used as the clip's first frame.</summary>
        /// <returns>The same image with <see cref="Role"/> <see cref="ImageRole.FirstFrame"/>.</returns>
        public KlingImageSource AsFirstFrame() => WithRole(ImageRole.FirstFrame);

        /// <summary>Returns this image used as the clip's last frame (the request then needs a first frame too).</summary>
        /// <returns>The same image with <see cref="Role"/> <see cref="ImageRole.EndFrame"/>.</returns>
        public KlingImageSource AsEndFrame() => WithRole(ImageRole.EndFrame);

        /// <summary>Returns this image with another role.</summary>
        /// <param name="role">What the image is for.</param>
        /// <returns>The same image (uploaded once however often it is used) with the given role.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="role"/> is not a defined <see cref="ImageRole"/>.</exception>
        public KlingImageSource WithRole(ImageRole role)
            => role is ImageRole.Reference or ImageRole.FirstFrame or ImageRole.EndFrame
                ? role == Role ? this : new KlingImageSource(Origin, role)
                : throw new ArgumentOutOfRangeException(nameof(role), role, "Use ImageRole.Reference, FirstFrame or EndFrame.");

        /// <inheritdoc />
        public override string ToString() => Role == ImageRole.Reference ? Origin.ToString() : Origin + " (" + Role + ")";

        /// <summary>Tells whether two sources are the same image in the same role, so it is listed and numbered once.</summary>
        internal bool SameImageAs(KlingImageSource other) => Role == other.Role && Origin.SameAs(other.Origin);
    }
}
