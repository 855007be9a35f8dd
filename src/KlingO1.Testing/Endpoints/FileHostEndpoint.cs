using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// The file host (<c>/files/...</c>), standing in for the service's separate file domain: finished videos (a real,
    /// playable MP4) and uploaded images. Like the real one it needs no API key, and videos expire 24 h after completion.
    /// </summary>
    internal static class FileHostEndpoint
    {
        private static readonly Lazy<byte[]> Video = new(() =>
        {
            using var resource = typeof(FileHostEndpoint).Assembly.GetManifestResourceStream("KlingO1.Testing.simulated-video.mp4")
                ?? throw new InvalidOperationException("The simulated video resource is missing from KlingO1.Testing.");
            using var copy = new MemoryStream();
            resource.CopyTo(copy);
            return copy.ToArray();
        });

        /// <summary>Gets the bytes of the MP4 every completed simulated task serves.</summary>
        public static byte[] VideoBytes => Video.Value;

        public static Task HandleAsync(HttpContext context, SimulatorState state, string path)
        {
            // files/videos/{taskId}/output.mp4
            var parts = path.Split('/');
            if (parts.Length == 4 && parts[1] == "videos" && parts[3] == "output.mp4" && state.TryGetTask(parts[2], out var task))
            {
                var timeline = state.Timeline(task);
                var now = state.Time.GetUtcNow();
                if (timeline.StatusAt(now) != "completed")
                {
                    return PlainAsync(context, 404, "Not Found");
                }

                if (state.Faults.VideoUrlsExpired || now >= timeline.EndsAt + TimeSpan.FromDays(1))
                {
                    return PlainAsync(context, 403, "Request has expired");
                }

                return BytesAsync(context, Video.Value, "video/mp4");
            }

            // files/uploads/{name}
            if (parts.Length == 3 && parts[1] == "uploads" && state.TryGetUpload(parts[2], out var upload))
            {
                return BytesAsync(context, upload.Content, upload.MimeType);
            }

            return PlainAsync(context, 404, "Not Found");
        }

        private static async Task BytesAsync(HttpContext context, byte[] content, string contentType)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
        }

        private static Task PlainAsync(HttpContext context, int status, string text)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(text, context.RequestAborted);
        }
    }
}
