using System;
using System.Text.Json;

namespace KlingO1.Internal
{
    /// <summary>How the SDK reads a URL the service wrote in an answer or an event: absolute http(s), or not at all.</summary>
    internal static class HttpUrls
    {
        /// <summary>An absolute http(s) URL, or null: for optional extras that must not fail the whole read.</summary>
        public static Uri? OrNull(string? text)
            => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? uri
                : null;

        /// <summary>A task's video URL, or null when it has none.</summary>
        /// <exception cref="JsonException">The URL is not an absolute http(s) URL: a task must not look done without a usable video.</exception>
        public static Uri? VideoUrl(string? text, string? taskId)
        {
            if (text is null)
            {
                return null;
            }

            return OrNull(text) ?? throw new JsonException($"Task {taskId} has a video URL that is not an absolute http(s) URL.");
        }
    }
}
