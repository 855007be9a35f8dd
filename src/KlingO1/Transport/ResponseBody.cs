using System;
using System.Text;

namespace KlingO1.Transport
{
    /// <summary>Turns an answer's bytes into a short, safe text for exceptions and logs.</summary>
    internal static class ResponseBody
    {
        /// <summary>The most characters of a body an exception carries.</summary>
        public const int MaxSnippetLength = 512;

        /// <summary>Masks the API key wherever a service text echoes it, also written with JSON escapes (<c>\u002d</c>, <c>\/</c>).</summary>
        public static string? Redact(string? text, string apiKey)
        {
            if (text is null || apiKey.Length == 0)
            {
                return text;
            }

            if (text.IndexOf('\\') >= 0)
            {
                text = Unescaped(text);
            }

            return text.Replace(apiKey, "***");
        }

        /// <summary>
        /// The exception itself when no message in its chain echoes the key; otherwise one of the same kind whose message
        /// is masked (a converter quotes the service's text, and an inner exception reaches logs through <c>ToString()</c>).
        /// </summary>
        public static Exception Redact(Exception cause, string apiKey)
        {
            var echoes = false;
            for (var e = cause; e is not null; e = e.InnerException)
            {
                echoes |= apiKey.Length > 0 && Redact(e.Message, apiKey) != e.Message;
            }

            if (!echoes)
            {
                return cause;
            }

            var message = Redact(cause.Message, apiKey)!;
            return cause is System.Text.Json.JsonException ? new System.Text.Json.JsonException(message) : new InvalidOperationException(message);
        }

        /// <summary>Decodes the JSON escapes <c>\uXXXX</c> and <c>\/</c>, so an escaped key is recognised (and shown decoded).</summary>
        private static string Unescaped(string text)
        {
            var result = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == 'u' && IsHex(text, i + 2))
                {
                    result.Append((char)Convert.ToInt32(text.Substring(i + 2, 4), 16));
                    i += 5;
                }
                else if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    result.Append('/');
                    i++;
                }
                else
                {
                    result.Append(text[i]);
                }
            }

            return result.ToString();
        }

        private static bool IsHex(string text, int start)
        {
            if (start + 4 > text.Length)
            {
                return false;
            }

            for (var i = start; i < start + 4; i++)
            {
                if (!Uri.IsHexDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }

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
            // more (six times, for a key written in \u escapes), so a key that starts within what is shown is whole when masked.
            var window = Math.Min(length, (MaxSnippetLength * 4) + 4 + (6 * apiKey.Length));
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
