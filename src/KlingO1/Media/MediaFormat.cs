
namespace KlingO1.Media
{
    /// <summary>
    /// The formats the upload endpoints take, recognised by their first bytes: a file's name or extension is not
    /// trusted, as the service does not trust it either.
    /// </summary>
    internal readonly record struct MediaFormat(string MimeType, string Name)
    {
        /// <summary>How many leading bytes detection needs.</summary>
        public const int SignatureLength = 12;

        public static MediaFormat? DetectImage(byte[] head, int length)
        {
            if (Starts(head, length, 0, 0xFF, 0xD8, 0xFF))
            {
                return new MediaFormat("image/jpeg", "JPEG");
            }

            if (Starts(head, length, 0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
            {
                return new MediaFormat("image/png", "PNG");
            }

            if (Starts(head, length, 0, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || Starts(head, length, 0, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61))
            {
                return new MediaFormat("image/gif", "GIF");
            }

            // RIFF....WEBP
            return Starts(head, length, 0, 0x52, 0x49, 0x46, 0x46) && Starts(head, length, 8, 0x57, 0x45, 0x42, 0x50)
                ? new MediaFormat("image/webp", "WebP")
                : null;
        }

        public static MediaFormat? DetectVideo(byte[] head, int length)
        {
            // EBML header: Matroska, which WebM is.
            if (Starts(head, length, 0, 0x1A, 0x45, 0xDF, 0xA3))
            {
                return new MediaFormat("video/webm", "WebM");
            }

            // ISO base media: a box size, then "ftyp" and the major brand; "qt  " is QuickTime.
            if (Starts(head, length, 4, (byte)'f', (byte)'t', (byte)'y', (byte)'p'))
            {
                return Starts(head, length, 8, (byte)'q', (byte)'t', (byte)' ', (byte)' ')
                    ? new MediaFormat("video/quicktime", "MOV")
                    : new MediaFormat("video/mp4", "MP4");
            }

            // Older QuickTime files start straight with a movie, data or padding atom.
            foreach (var atom in QuickTimeAtoms)
            {
                if (Starts(head, length, 4, atom))
                {
                    return new MediaFormat("video/quicktime", "MOV");
                }
            }

            return null;
        }

        private static readonly byte[][] QuickTimeAtoms =
        {
            new[] { (byte)'m', (byte)'o', (byte)'o', (byte)'v' },
            new[] { (byte)'m', (byte)'d', (byte)'a', (byte)'t' },
            new[] { (byte)'w', (byte)'i', (byte)'d', (byte)'e' },
            new[] { (byte)'f', (byte)'r', (byte)'e', (byte)'e' },
        };

        private static bool Starts(byte[] head, int length, int offset, params byte[] signature)
        {
            if (length < offset + signature.Length)
            {
                return false;
            }

            for (var i = 0; i < signature.Length; i++)
            {
                if (head[offset + i] != signature[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
