using System;
using System.Collections.Generic;
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

            // One pass; the list exists only when something is found, so the common request costs nothing here.
            List<string>? omniOnly = null;
            void Found(string feature) => (omniOnly ??= new List<string>()).Add(feature);
            if (HasRole(request, ImageRole.FirstFrame))
            {
                Found("a first frame");
            }

            if (HasRole(request, ImageRole.EndFrame))
            {
                Found("an end frame");
            }

            if (request.Elements.Count > 0)
            {
                Found("subject elements");
            }

            if (request.Video is not null)
            {
                Found("a reference video");
            }

            if (request.Duration != VideoDuration.FiveSeconds && request.Duration != VideoDuration.TenSeconds)
            {
                Found("a duration of " + request.Duration);
            }

            if (request.GenerateAudio)
            {
                Found("audio generation");
            }

            if (omniOnly is not null)
            {
                throw new NotSupportedException(
                    $"The request uses {string.Join(", ", omniOnly)}, which only the Omni request shape can carry; this client sends the "
                    + "original shape (image_urls), which would drop them. Set KlingVideoClientOptions.RequestShape to RequestShape.Omni "
                    + "if the service you call speaks it.");
            }
        }

        private static bool HasRole(VideoGenerationRequest request, ImageRole role)
        {
            for (var i = 0; i < request.Images.Count; i++)
            {
                if (request.Images[i].Role == role)
                {
                    return true;
                }
            }

            return false;
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
