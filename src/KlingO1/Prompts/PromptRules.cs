using System;
using System.Globalization;
using System.Linq;
using KlingO1.Internal;

namespace KlingO1.Prompts
{
    /// <summary>
    /// Turns a caller's prompt into the prompt the service receives: checks it and its image, element and video
    /// references against the request's lists, and adds <c>&lt;&lt;&lt;image_1&gt;&gt;&gt; </c> in front when images are given but never referenced.
    /// The SDK does that itself because a newer revision of the service no longer does.
    /// </summary>
    internal static class PromptRules
    {
        /// <summary>Kling's own cap on prompt length, in characters.</summary>
        public const int MaxPromptLength = 2500;

        private const string AutoReference = "<<<image_1>>> ";

        /// <summary>
        /// Checks the prompt once, when the request is built: every reference against its own list, numbered from 1 per
        /// kind. Returns the prompt to send and its references in prompt order, kept so nothing scans the prompt again.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
        /// <exception cref="ArgumentException">The prompt breaks one of the rules; the message names which.</exception>
        public static CheckedPrompt Check(string prompt, int imageCount, int elementCount, int videoCount)
        {
            Guard.NotNull(prompt);

            if (string.IsNullOrWhiteSpace(prompt))
            {
                throw new ArgumentException("The prompt is empty: describe the video to generate.", nameof(prompt));
            }

            var references = ReferenceScanner.Scan(prompt);
            foreach (var reference in references)
            {
                var count = reference.Kind switch
                {
                    ReferenceKind.Element => elementCount,
                    ReferenceKind.Video => videoCount,
                    _ => imageCount,
                };
                ThrowIfOutOfRange(reference, count);
            }

            var referencesImages = references.Any(r => r.Kind == ReferenceKind.Image);
            var effective = imageCount > 0 && !referencesImages ? AutoReference + prompt : prompt;
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

            return new CheckedPrompt(effective, references);
        }

        private static void ThrowIfOutOfRange(PromptReference reference, int count)
        {
            if (reference.Number <= count)
            {
                return;
            }

            var noun = ReferenceScanner.Word(reference.Kind);
            if (count == 0)
            {
                var method = reference.Kind switch
                {
                    ReferenceKind.Element => "Element",
                    ReferenceKind.Video => "Video",
                    _ => "Image",
                };
                throw new ArgumentException(
                    $"The prompt references {reference.Token}, but the request has no {noun}s. Pass the {noun}s with the prompt "
                    + $"(or use PromptBuilder.{method}), or remove the reference.",
                    "prompt");
            }

            throw new ArgumentException(
                $"The prompt references {reference.Token}, but the request has only {Count(count, noun)}: "
                + $"references run from {ReferenceScanner.Token(reference.Kind, 1)} to {ReferenceScanner.Token(reference.Kind, count)}.",
                "prompt");
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
