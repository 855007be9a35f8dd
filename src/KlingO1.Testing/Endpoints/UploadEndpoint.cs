using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// <c>POST /v1/uploads/images</c> (JPEG/PNG/WebP/GIF, at most 10 MB) and <c>POST /v1/uploads/videos</c>
    /// (MP4/WebM/MOV, at most 50 MB): multipart field <c>file</c>.
    /// </summary>
    internal static class UploadEndpoint
    {
        public static readonly UploadRules Images = new(10 * 1024 * 1024, "Image too large. Maximum size is 10MB", "Unsupported image type. Allowed: JPEG, PNG, WebP, GIF", ImageFormat.Detect);

        public static readonly UploadRules Videos = new(50 * 1024 * 1024, "Video too large. Maximum size is 50MB", "Unsupported or invalid video file. Allowed: MP4, WebM, MOV", VideoFormat.Detect);

        public static async Task HandleAsync(HttpContext context, SimulatorState state, UploadRules rules)
        {
            if (!context.Request.HasFormContentType)
            {
                await ServiceErrors.UploadRefusedAsync(context, "Expected multipart/form-data with a 'file' field").ConfigureAwait(false);
                return;
            }

            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException || (ex is IOException && ex is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested))
            {
                // A body that is not multipart (no boundary, cut short, over the form limits) is the client's error, not
                // a 500; a body the server itself refuses (too large) keeps the server's status.
                await ServiceErrors.UploadRefusedAsync(context, "Malformed multipart/form-data body: send the file in the 'file' field").ConfigureAwait(false);
                return;
            }

            var file = form.Files.GetFile("file");
            if (file is null)
            {
                await ServiceErrors.UploadRefusedAsync(context, "No file uploaded: send it in the 'file' field").ConfigureAwait(false);
                return;
            }

            if (file.Length > rules.MaxBytes)
            {
                await ServiceErrors.UploadRefusedAsync(context, rules.TooLarge).ConfigureAwait(false);
                return;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var content = buffer.ToArray();
            var format = rules.Detect(content);
            if (format is null)
            {
                await ServiceErrors.UploadRefusedAsync(context, rules.Unsupported).ConfigureAwait(false);
                return;
            }

            var upload = state.StoreUpload(content, format.Value.MimeType, format.Value.Extension);
            await Json.WriteAsync(context, 200, writer =>
            {
                writer.WriteBoolean("success", true);
                writer.WriteString("message", string.Empty);
                writer.WriteStartObject("data");
                writer.WriteString("id", upload.Id);
                writer.WriteString("url", state.UploadUrl(upload).AbsoluteUri);
                writer.WriteString("mime_type", upload.MimeType);
                writer.WriteNumber("size", content.Length);
                writer.WriteEndObject();
            }).ConfigureAwait(false);
        }
    }

    /// <summary>What one upload endpoint accepts.</summary>
    internal sealed record UploadRules(long MaxBytes, string TooLarge, string Unsupported, Func<byte[], (string MimeType, string Extension)?> Detect);

    /// <summary>
    /// Recognises a video by its first bytes: WebM's EBML header, an ISO media <c>ftyp</c> box (QuickTime when its brand
    /// is <c>qt</c>), or a QuickTime file that starts with a <c>moov</c>, <c>mdat</c>, <c>wide</c> or <c>free</c> atom.
    /// </summary>
    internal static class VideoFormat
    {
        public static (string MimeType, string Extension)? Detect(byte[] content)
        {
            if (content.Length >= 4 && content.AsSpan(0, 4).SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }))
            {
                return ("video/webm", "webm");
            }

            if (content.Length >= 12 && content.AsSpan(4, 4).SequenceEqual("ftyp"u8))
            {
                return content.AsSpan(8, 4).SequenceEqual("qt  "u8) ? ("video/quicktime", "mov") : ("video/mp4", "mp4");
            }

            // Older QuickTime files start straight with a movie, data or padding atom (as the SDK also accepts).
            if (content.Length < 8)
            {
                return null;
            }

            var atom = content.AsSpan(4, 4);
            return atom.SequenceEqual("moov"u8) || atom.SequenceEqual("mdat"u8) || atom.SequenceEqual("wide"u8) || atom.SequenceEqual("free"u8)
                ? ("video/quicktime", "mov")
                : null;
        }
    }

    /// <summary>Recognises an image by its first bytes, as the service does, not by its name.</summary>
    internal static class ImageFormat
    {
        public static (string MimeType, string Extension)? Detect(byte[] content) => Detect(content.AsSpan());

        private static (string MimeType, string Extension)? Detect(ReadOnlySpan<byte> content)
        {
            if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
            {
                return ("image/jpeg", "jpg");
            }

            if (content.Length >= 8 && content.Slice(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            {
                return ("image/png", "png");
            }

            if (content.Length >= 6 && (content.Slice(0, 6).SequenceEqual("GIF87a"u8) || content.Slice(0, 6).SequenceEqual("GIF89a"u8)))
            {
                return ("image/gif", "gif");
            }

            if (content.Length >= 12 && content.Slice(0, 4).SequenceEqual("RIFF"u8) && content.Slice(8, 4).SequenceEqual("WEBP"u8))
            {
                return ("image/webp", "webp");
            }

            return null;
        }
    }
}
