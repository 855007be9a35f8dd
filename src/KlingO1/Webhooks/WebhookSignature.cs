using System;
#if !NET
using System.Buffers;
#endif
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KlingO1.Webhooks
{
    /// <summary>
    /// The service's signature scheme: lowercase-hex HMAC-SHA256 over <c>id.timestamp.body</c>, fed to the hash in
    /// pieces so the body is never copied.
    /// </summary>
    internal static class WebhookSignature
    {
        public const string Scheme = "v1=";
        private const int HashBytes = 32;

        public static byte[] Compute(byte[] key, string webhookId, string timestamp, ReadOnlySpan<byte> body)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp + ".");
            hmac.AppendData(prefix);
            Append(hmac, body);
            return hmac.GetHashAndReset();
        }

        /// <summary>Whether any <c>v1=</c> signature in the header matches any key; every comparison runs.</summary>
        public static bool AnyMatches(byte[][] keys, string webhookId, string timestamp, string header, ReadOnlySpan<byte> body)
        {
            var offered = Offered(header);
            var matched = false;
            foreach (var key in keys)
            {
                var expected = Compute(key, webhookId, timestamp, body);
                foreach (var candidate in offered)
                {
                    // No early exit: the time taken does not reveal which signature, or how much of one, matched.
                    matched |= FixedTimeEquals(expected, candidate);
                }
            }

            return matched;
        }

        public static string ToHeader(byte[] hash)
        {
            var text = new StringBuilder(Scheme.Length + (hash.Length * 2)).Append(Scheme);
            foreach (var b in hash)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static void Append(IncrementalHash hmac, ReadOnlySpan<byte> body)
        {
#if NET
            hmac.AppendData(body);
#else
            var piece = ArrayPool<byte>.Shared.Rent(Math.Min(body.Length, 16 * 1024));
            try
            {
                while (!body.IsEmpty)
                {
                    var length = Math.Min(piece.Length, body.Length);
                    body.Slice(0, length).CopyTo(piece);
                    hmac.AppendData(piece, 0, length);
                    body = body.Slice(length);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(piece);
            }
#endif
        }

        private static byte[][] Offered(string header)
        {
            var parts = header.Split(',');
            var offered = new byte[parts.Length][];
            var count = 0;
            foreach (var part in parts)
            {
                var trimmed = part.Trim();
                if (trimmed.StartsWith(Scheme, StringComparison.Ordinal) && FromHex(trimmed.Substring(Scheme.Length)) is { } bytes)
                {
                    offered[count++] = bytes;
                }
            }

            Array.Resize(ref offered, count);
            return offered;
        }

        private static byte[]? FromHex(string hex)
        {
            if (hex.Length != HashBytes * 2)
            {
                return null;
            }

            var bytes = new byte[HashBytes];
            for (var i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return null;
                }
            }

            return bytes;
        }

        private static bool FixedTimeEquals(byte[] left, byte[] right)
        {
#if NET
            return CryptographicOperations.FixedTimeEquals(left, right);
#else
            if (left.Length != right.Length)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
#endif
        }
    }
}
