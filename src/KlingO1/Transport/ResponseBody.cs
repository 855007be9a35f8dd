using System;
using System.Text;

namespace KlingO1.Transport
{
    /// <summary>Turns an answer's bytes into a short, safe text for exceptions and logs.</summary>
    internal static class ResponseBody
    {
        /// <summary>The most characters of a body an exception carries.</summary>
        public const int MaxSnippetLength = 512;

        /// <summary>Masks the API key wherever a service text echoes it.</summary>
        public static string? Redact(string? text, string apiKey)
            => text is null || apiKey.Length == 0 ? text : text.Replace(apiKey, "***");

        /// <summary>
        /// Returns at most <see cref="MaxSnippetLength"/> characters of the body, with the API key masked: redacted before
        /// it is cut, so no part of the key survives at the cut, and from a bounded prefix of the body.
        /// </summary>
        public static string? Snippet(byte[] body, string apiKey) => Snippet(body, body.Length, apiKey);

        /// <summary>The snippet of the first <paramref name="length"/> bytes of <paramref name="body"/>.</summary>
        public static string? Snippet(byte[] body, int length, string apiKey)
        {
            if (length == 0)
            {
                return null;
            }

            // Decode a little more than is shown, so a multi-byte character at the cut is not garbled, and a key's length
            // more, so a key that starts within what is shown is whole when it is masked.
            var window = Math.Min(length, (MaxSnippetLength * 4) + 4 + apiKey.Length);
            var text = Redact(Encoding.UTF8.GetString(body, 0, window), apiKey)!;
            if (window < length)
            {
                text = WithoutKeyPrefixAtTheEnd(text, apiKey);
            }

            text = text.Trim();
            return text.Length <= MaxSnippetLength ? text : text.Substring(0, MaxSnippetLength - 1) + "…";
        }

        /// <summary>Drops the start of a key that the decode window cut off at its end.</summary>
        private static string WithoutKeyPrefixAtTheEnd(string text, string apiKey)
        {
            for (var k = Math.Min(apiKey.Length - 1, text.Length); k > 0; k--)
            {
                if (string.CompareOrdinal(text, text.Length - k, apiKey, 0, k) == 0)
                {
                    return text.Substring(0, text.Length - k);
                }
            }

            return text;
        }
    }
}
