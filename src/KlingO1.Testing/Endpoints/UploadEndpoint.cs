using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary><c>POST /v1/uploads/images</c>: multipart field <c>file</c>, JPEG/PNG/WebP/GIF, at most 10 MB.</summary>
    internal static class UploadEndpoint
    {
        private const long MaxBytes = 10 * 1024 * 1024;

        public static async Task HandleAsync(HttpContext context, SimulatorState state)
        {
            if (!context.Request.HasFormContentType)
            {
                await ServiceErrors.UploadRefusedAsync(context, "Expected multipart/form-data with a 'file' field").ConfigureAwait(false);
                return;
            }

            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                await ServiceErrors.UploadRefusedAsync(context, "No file uploaded: send it in the 'file' field").ConfigureAwait(false);
                return;
            }

            if (file.Length > MaxBytes)
            {
                await ServiceErrors.UploadRefusedAsync(context, "Image too large. Maximum size is 10MB").ConfigureAwait(false);
                return;
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            var content = buffer.ToArray();
            var format = ImageFormat.Detect(content);
            if (format is null)
            {
                await ServiceErrors.UploadRefusedAsync(context, "Unsupported image type. Allowed: JPEG, PNG, WebP, GIF").ConfigureAwait(false);
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

    /// <summary>Recognises an image by its first bytes, as the service does, not by its name.</summary>
    internal static class ImageFormat
    {
        public static (string MimeType, string Extension)? Detect(ReadOnlySpan<byte> content)
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
