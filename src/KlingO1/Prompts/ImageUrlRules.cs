using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KlingO1.Media;

namespace KlingO1.Prompts
{
    /// <summary>Checks reference image URLs: absolute http(s), no inline data, at most seven.</summary>
    internal static class ImageUrlRules
    {
        /// <summary>Kling accepts at most seven reference images.</summary>
        public const int MaxImages = 7;

        private static string UploadAdvice(MediaKind kind) =>
            $"The service no longer accepts inline (base64 or data:) {kind.Noun}s: upload the file with POST /{kind.UploadPath} "
            + "and pass the returned URL instead.";

        /// <summary>Returns the images as a read-only snapshot.</summary>
        /// <exception cref="ArgumentException">An entry is null or not a usable URL, or there are more than seven.</exception>
        public static IReadOnlyList<Uri> Validate(IEnumerable<Uri>? imageUrls)
        {
            var images = imageUrls?.ToArray() ?? Array.Empty<Uri>();
            if (images.Length > MaxImages)
            {
                throw new ArgumentException(
                    $"The request has {images.Length.ToString(CultureInfo.InvariantCulture)} images; Kling accepts at most {MaxImages.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(imageUrls));
            }

            for (var i = 0; i < images.Length; i++)
            {
                ValidateOne(images[i], $"Image {(i + 1).ToString(CultureInfo.InvariantCulture)}", nameof(imageUrls));
            }

            return Array.AsReadOnly(images);
        }

        /// <summary>Returns the images as a read-only snapshot, checking the URLs among them.</summary>
        /// <exception cref="ArgumentException">An entry is null or an unusable URL, or there are more than seven.</exception>
        public static IReadOnlyList<KlingImageSource> Validate(IEnumerable<KlingImageSource>? images)
        {
            var list = images?.ToArray() ?? Array.Empty<KlingImageSource>();
            if (list.Length > MaxImages)
            {
                throw new ArgumentException(
                    $"The request has {list.Length.ToString(CultureInfo.InvariantCulture)} images; Kling accepts at most {MaxImages.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(images));
            }

            for (var i = 0; i < list.Length; i++)
            {
                if (list[i] is null)
                {
                    throw new ArgumentException($"Image {(i + 1).ToString(CultureInfo.InvariantCulture)} is null.", nameof(images));
                }
            }

            return Array.AsReadOnly(list);
        }

        /// <summary>Checks one image URL.</summary>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s).</exception>
        public static void ValidateOne(Uri? imageUrl, string what, string paramName) => ValidateOne(imageUrl, what, paramName, MediaKind.Image);

        /// <summary>Checks one URL of an image or a video.</summary>
        /// <exception cref="ArgumentException">The URL is null, relative, inline data or not http(s).</exception>
        public static void ValidateOne(Uri? imageUrl, string what, string paramName, MediaKind kind)
        {
            if (imageUrl is null)
            {
                throw new ArgumentException($"{what} is null: pass the URL of the {kind.Noun}.", paramName);
            }

            if (!imageUrl.IsAbsoluteUri)
            {
                throw new ArgumentException(
                    LooksLikeBase64(imageUrl.OriginalString)
                        ? $"{what} looks like base64 {kind.Noun} data. {UploadAdvice(kind)}"
                        : $"{what} (\"{Shorten(imageUrl.OriginalString)}\") is not an absolute URL: pass a public http or https URL.",
                    paramName);
            }

            if (string.Equals(imageUrl.Scheme, "data", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{what} is a data: URI. {UploadAdvice(kind)}", paramName);
            }

            if (imageUrl.Scheme != Uri.UriSchemeHttp && imageUrl.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException(
                    $"{what} uses the {imageUrl.Scheme}: scheme; the service fetches {kind.Noun}s over http or https only. "
                    + $"For a local file, upload it with POST /{kind.UploadPath} and pass the returned URL.",
                    paramName);
            }

            if (imageUrl.UserInfo.Length > 0)
            {
                // The URL is sent to the service (and stored with the task): a password in it would travel too.
                throw new ArgumentException(
                    $"{what} carries a user name or password (user:password@); the service would receive and keep it. Use a URL without "
                    + "credentials (a signed URL, or upload the file).",
                    paramName);
            }
        }

        /// <summary>Parses a URL string, refusing inline image data with advice to upload.</summary>
        /// <exception cref="ArgumentException">The text is not an absolute http(s) URL.</exception>
        public static Uri Parse(string imageUrl, string paramName)
        {
            if (string.IsNullOrWhiteSpace(imageUrl))
            {
                throw new ArgumentException("The image URL is empty.", paramName);
            }

            if (!Uri.TryCreate(imageUrl, UriKind.RelativeOrAbsolute, out var uri))
            {
                // Before .NET 9, System.Uri refuses strings over 65,519 characters: a realistic data: URI is one of them.
                throw new ArgumentException(
                    imageUrl.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                        ? $"The image URL is a data: URI. {UploadAdvice(MediaKind.Image)}"
                        : LooksLikeBase64(imageUrl)
                        ? $"The image looks like base64 image data. {UploadAdvice(MediaKind.Image)}"
                        : $"The image URL \"{Shorten(imageUrl)}\" is not a valid URL: pass a public http or https URL.",
                    paramName);
            }

            ValidateOne(uri, "The image URL", paramName);
            return uri;
        }

        internal static bool LooksLikeBase64(string text)
            => text.Length >= 64 && text.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=' or '\r' or '\n');

        private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
    }
}
