using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Turns a caller's prompt into the prompt the service receives: checks it and its image references against the
    /// images, and adds <c>&lt;&lt;&lt;image_1&gt;&gt;&gt; </c> in front when images are given but never referenced.
    /// The SDK does that itself because a newer revision of the service no longer does.
    /// </summary>
    internal static class PromptRules
    {
        /// <summary>Kling's own cap on prompt length, in characters.</summary>
        public const int MaxPromptLength = 2500;

        private const string AutoReference = "<<<image_1>>> ";

        /// <summary>Returns the prompt to send.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        /// <exception cref="ArgumentException">The prompt breaks one of the rules; the message names which.</exception>
        public static string EffectivePrompt(string prompt, int imageCount)
        {
            if (prompt is null)
            {
                throw new ArgumentNullException(nameof(prompt));
            }

            if (string.IsNullOrWhiteSpace(prompt))
            {
                throw new ArgumentException("The prompt is empty: describe the video to generate.", nameof(prompt));
            }

            var references = ImageReferenceScanner.Scan(prompt);
            if (references.Count > 0 && imageCount == 0)
            {
                throw new ArgumentException(
                    $"The prompt references {references[0].Token}, but the request has no images. Pass the image URLs "
                    + "with the prompt (or use PromptBuilder.Image), or remove the reference.",
                    nameof(prompt));
            }

            var beyond = references.FirstOrDefault(r => r.Number > imageCount);
            if (beyond.Token is not null)
            {
                throw new ArgumentException(
                    $"The prompt references {beyond.Token}, but the request has only {Count(imageCount, "image")}: "
                    + $"references run from <<<image_1>>> to <<<image_{imageCount.ToString(CultureInfo.InvariantCulture)}>>>.",
                    nameof(prompt));
            }

            var effective = imageCount > 0 && references.Count == 0 ? AutoReference + prompt : prompt;
            var length = CharacterCount(effective);
            if (length > MaxPromptLength)
            {
                var added = ReferenceEquals(effective, prompt) ? string.Empty : $" (including the \"{AutoReference.TrimEnd()}\" reference added in front)";
                throw new ArgumentException(
                    $"The prompt is {length.ToString(CultureInfo.InvariantCulture)} characters long{added}; Kling accepts at most "
                    + $"{MaxPromptLength.ToString(CultureInfo.InvariantCulture)}. Shorten it by "
                    + $"{(length - MaxPromptLength).ToString(CultureInfo.InvariantCulture)}.",
                    nameof(prompt));
            }

            return effective;
        }

        internal static string Count(int count, string noun)
            => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

        // Characters as people count them: a surrogate pair (an emoji, a rare CJK ideograph) is one character.
        private static int CharacterCount(string text)
        {
            var count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }

                count++;
            }

            return count;
        }
    }
}
