using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Finds references in a prompt: <c>&lt;&lt;&lt;image_N&gt;&gt;&gt;</c>, <c>&lt;&lt;&lt;element_N&gt;&gt;&gt;</c>
    /// and <c>&lt;&lt;&lt;video_N&gt;&gt;&gt;</c>. The service recognises only those exact spellings; anything close
    /// would silently reach the model as plain text, so near misses are reported as errors instead of passed through.
    /// </summary>
    internal static class ReferenceScanner
    {
        // Anything that starts like a reference: angle brackets, a kind word in any case, an optional separator and an
        // optional number or word, then closing brackets. Exact tokens are a subset of these.
        private static readonly Regex Candidate = new(
            @"<+[ \t]*(?<kind>image|element|video)[ \t_\-]*(?<number>[A-Za-z0-9]*)[ \t]*>*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        private static readonly Regex Exact = new(
            @"^<<<(?<kind>image|element|video)_(?<number>[0-9]+)>>>$",
            RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        private static readonly string[] NumberWords =
            { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten" };

        /// <summary>Returns the exact references of every kind, in order of appearance.</summary>
        /// <exception cref="ArgumentException">A token is a near miss, or numbers something 0.</exception>
        public static IReadOnlyList<PromptReference> Scan(string prompt)
        {
            ThrowIfLookAlikeToken(prompt);
            var references = new List<PromptReference>();
            foreach (Match candidate in Candidate.Matches(prompt))
            {
                var token = candidate.Value;
                var kindWord = candidate.Groups["kind"].Value.ToLowerInvariant();
                var exact = Exact.Match(token);
                if (!exact.Success || exact.Groups["number"].Value.StartsWith("0", StringComparison.Ordinal) && exact.Groups["number"].Value != "0")
                {
                    throw new ArgumentException(NearMissMessage(token, kindWord, candidate.Groups["number"].Value), "prompt");
                }

                if (!int.TryParse(exact.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new ArgumentException(
                        $"The prompt references {token}, a number far beyond what a request can carry.", "prompt");
                }

                if (number == 0)
                {
                    throw new ArgumentException(
                        $"The prompt references {token}, but references count from 1: the first {kindWord} is <<<{kindWord}_1>>>.",
                        "prompt");
                }

                references.Add(new PromptReference(KindOf(kindWord), number, token));
            }

            return references;
        }

        /// <summary>Refuses a token written with characters that only look like those of a reference (see <see cref="LookAlikes"/>).</summary>
        private static void ThrowIfLookAlikeToken(string prompt)
        {
            var folded = LookAlikes.Fold(prompt, out var origins);
            if (origins is null)
            {
                return;
            }

            foreach (Match candidate in Candidate.Matches(folded))
            {
                var start = origins[candidate.Index];
                var last = origins[candidate.Index + candidate.Length - 1];
                var end = last + (char.IsHighSurrogate(prompt[last]) ? 2 : 1);
                var written = prompt.Substring(start, end - start);
                if (!string.Equals(written, candidate.Value, StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"The prompt has \"{written}\", which looks like a reference but is written with look-alike or invisible characters "
                            + $"(fullwidth, other brackets, non-Latin letters, zero-width spaces): the service would read it as text. Write it in plain ASCII, such as "
                            + $"{NearMissSuggestion(candidate.Groups["kind"].Value.ToLowerInvariant(), candidate.Groups["number"].Value)}.",
                        "prompt");
                }
            }
        }

        /// <summary>The token that names the <paramref name="number"/>th item of a kind.</summary>
        public static string Token(ReferenceKind kind, int number)
            => "<<<" + Word(kind) + "_" + number.ToString(CultureInfo.InvariantCulture) + ">>>";

        /// <summary>The word a kind is spelt with in tokens: image, element or video.</summary>
        public static string Word(ReferenceKind kind) => kind switch
        {
            ReferenceKind.Element => "element",
            ReferenceKind.Video => "video",
            _ => "image",
        };

        private static ReferenceKind KindOf(string word) => word switch
        {
            "element" => ReferenceKind.Element,
            "video" => ReferenceKind.Video,
            _ => ReferenceKind.Image,
        };

        private static string NearMissSuggestion(string kindWord, string numberText)
            => SuggestedNumber(numberText) is { } n
                ? $"<<<{kindWord}_{n.ToString(CultureInfo.InvariantCulture)}>>>"
                : $"<<<{kindWord}_N>>> with N a number from 1";

        private static string NearMissMessage(string token, string kindWord, string numberText)
        {
            var suggestion = NearMissSuggestion(kindWord, numberText);
            return $"The prompt contains \"{token}\", which the service would not recognise as a reference and "
                + $"would pass to the model as plain text. Write it as {suggestion}: three angle brackets on each side, "
                + $"lower-case \"{kindWord}\", an underscore and the number, with no spaces.";
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
