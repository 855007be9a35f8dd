using System;
using System.Collections.Generic;
using System.Linq;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// What each request shape can carry. Checked before anything is uploaded or sent, so a request the configured
    /// shape cannot express fails loudly instead of losing fields on the way.
    /// </summary>
    internal static class RequestShapeRules
    {
        /// <exception cref="NotSupportedException">The original shape cannot carry part of the request.</exception>
        /// <exception cref="ArgumentException">The Omni shape's placeholder order rule is broken.</exception>
        public static void ThrowIfUnsupported(VideoGenerationRequest request, RequestShape shape)
        {
            if (shape == RequestShape.Omni)
            {
                ThrowIfOutOfOrder(request.Prompt);
                return;
            }

            // The common request (reference images at most, 5 or 10 s) passes without building the list below.
            if (request.Elements.Count == 0 && request.Video is null && !request.GenerateAudio && !HasFrame(request)
                && (request.Duration == VideoDuration.FiveSeconds || request.Duration == VideoDuration.TenSeconds))
            {
                return;
            }

            var omniOnly = OmniOnlyFeatures(request).ToList();
            if (omniOnly.Count > 0)
            {
                throw new NotSupportedException(
                    $"The request uses {string.Join(", ", omniOnly)}, which only the Omni request shape can carry; this client sends the "
                    + "original shape (image_urls), which would drop them. Set KlingVideoClientOptions.RequestShape to RequestShape.Omni "
                    + "if the service you call speaks it.");
            }
        }

        private static bool HasFrame(VideoGenerationRequest request)
        {
            for (var i = 0; i < request.Images.Count; i++)
            {
                if (request.Images[i].Role != ImageRole.Reference)
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<string> OmniOnlyFeatures(VideoGenerationRequest request)
        {
            if (request.Images.Any(i => i.Role == ImageRole.FirstFrame))
            {
                yield return "a first frame";
            }

            if (request.Images.Any(i => i.Role == ImageRole.EndFrame))
            {
                yield return "an end frame";
            }

            if (request.Elements.Count > 0)
            {
                yield return "subject elements";
            }

            if (request.Video is not null)
            {
                yield return "a reference video";
            }

            if (request.Duration != VideoDuration.FiveSeconds && request.Duration != VideoDuration.TenSeconds)
            {
                yield return "a duration of " + request.Duration;
            }

            if (request.GenerateAudio)
            {
                yield return "audio generation";
            }
        }

        // The Omni shape matches each list to its placeholders by order: the first-mentioned image must be image 1.
        private static void ThrowIfOutOfOrder(string prompt)
        {
            var highestSoFar = new Dictionary<ReferenceKind, PromptReference>();
            var seen = new HashSet<(ReferenceKind, int)>();
            foreach (var reference in ReferenceScanner.Scan(prompt))
            {
                if (!seen.Add((reference.Kind, reference.Number)))
                {
                    continue;
                }

                if (highestSoFar.TryGetValue(reference.Kind, out var earlier) && earlier.Number > reference.Number)
                {
                    throw new ArgumentException(
                        $"The prompt names {earlier.Token} before {reference.Token}; the Omni request shape needs each list in the order its "
                        + "references first appear in the prompt. Renumber the references (PromptBuilder numbers them in order) or reorder the list.",
                        "request");
                }

                highestSoFar[reference.Kind] = reference;
            }
        }
    }
}
