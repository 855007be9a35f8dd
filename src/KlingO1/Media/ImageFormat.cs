using System;

namespace KlingO1.Media
{
    /// <summary>
    /// The image formats the upload endpoint takes, recognised by their first bytes: a file's name or extension is
    /// not trusted, as the service does not trust it either.
    /// </summary>
    internal readonly record struct ImageFormat(string MimeType, string Name)
    {
        /// <summary>How many leading bytes <see cref="Detect"/> needs.</summary>
        public const int SignatureLength = 12;

        public static ImageFormat? Detect(byte[] head, int length)
        {
            bool Starts(params byte[] signature)
            {
                if (length < signature.Length)
                {
                    return false;
                }

                for (var i = 0; i < signature.Length; i++)
                {
                    if (head[i] != signature[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            if (Starts(0xFF, 0xD8, 0xFF))
            {
                return new ImageFormat("image/jpeg", "JPEG");
            }

            if (Starts(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
            {
                return new ImageFormat("image/png", "PNG");
            }

            if (Starts(0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || Starts(0x47, 0x49, 0x46, 0x38, 0x39, 0x61))
            {
                return new ImageFormat("image/gif", "GIF");
            }

            // RIFF....WEBP
            if (length >= 12 && Starts(0x52, 0x49, 0x46, 0x46) && head[8] == 0x57 && head[9] == 0x45 && head[10] == 0x42 && head[11] == 0x50)
            {
                return new ImageFormat("image/webp", "WebP");
            }

            return null;
        }
    }
}
