using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Finds image references in a prompt. The service recognises only the exact spelling
    /// <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>; anything close to it would silently reach the model as plain text,
    /// so near misses are reported as errors instead of being passed through.
    /// </summary>
    internal static class ImageReferenceScanner
    {
        // Anything that starts like an image reference: angle brackets, the word "image" in any case, an optional
        // separator and an optional number or word, then closing brackets. Exact tokens are a subset of these.
        private static readonly Regex Candidate = new(
            @"<+[ \t]*image[ \t_\-]*(?<number>[A-Za-z0-9]*)[ \t]*>*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        private static readonly Regex Exact = new(
            @"^<<<image_(?<number>[0-9]+)>>>$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        private static readonly string[] NumberWords =
            { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

        /// <summary>Returns the exact references in order of appearance.</summary>
        /// <exception cref="ArgumentException">A token is a near miss, or numbers an image 0.</exception>
        public static IReadOnlyList<ImageReference> Scan(string prompt)
        {
            var references = new List<ImageReference>();
            foreach (Match candidate in Candidate.Matches(prompt))
            {
                var token = candidate.Value;
                var exact = Exact.Match(token);
                if (!exact.Success || exact.Groups["number"].Value.StartsWith("0", StringComparison.Ordinal) && token != "<<<image_0>>>")
                {
                    throw new ArgumentException(NearMissMessage(token, candidate.Groups["number"].Value), "prompt");
                }

                if (!int.TryParse(exact.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ArgumentException(
                        $"The prompt references {token}, a number far beyond the images a request can carry.", "prompt");
                }

                if (number == 0)
                {
                    throw new ArgumentException(
                        "The prompt references <<<image_0>>>, but image references count from 1: the first image is <<<image_1>>>.",
                        "prompt");
                }

                references.Add(new ImageReference(number, token));
            }

            return references;
        }

        private static string NearMissMessage(string token, string numberText)
        {
            var suggestion = SuggestedNumber(numberText) is { } n
                ? $"<<<image_{n.ToString(CultureInfo.InvariantCulture)}>>>"
                : "<<<image_N>>> with N a number from 1";
            return $"The prompt contains \"{token}\", which the service would not recognise as an image reference and "
                + $"would pass to the model as plain text. Write it as {suggestion}: three angle brackets on each side, "
                + "lower-case \"image\", an underscore and the image's number, with no spaces.";
        }

        private static int? SuggestedNumber(string numberText)
        {
            if (int.TryParse(numberText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return n;
            }

            var word = Array.FindIndex(NumberWords, w => string.Equals(w, numberText, StringComparison.OrdinalIgnoreCase));
            return word > 0 ? word : null;
        }
    }
}
