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

        /// <summary>Returns at most <see cref="MaxSnippetLength"/> characters of the body, with the API key masked.</summary>
        public static string? Snippet(byte[] body, string apiKey)
        {
            if (body.Length == 0)
            {
                return null;
            }

            // Decode a little more than needed so a multi-byte character at the cut is not garbled.
            var text = Redact(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, (MaxSnippetLength * 4) + 4)), apiKey)!.Trim();
            return text.Length <= MaxSnippetLength ? text : text.Substring(0, MaxSnippetLength - 1) + "…";
        }
    }
}
