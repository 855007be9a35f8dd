using System;
using System.Collections.Generic;
using KlingO1.Prompts;

namespace KlingO1
{
    /// <summary>
    /// What each request shape can carry, and which one a request is sent in. Decided before anything is uploaded or
    /// sent, so a request the configured shape cannot express fails loudly instead of losing fields on the way.
    /// </summary>
    internal static class RequestShapeRules
    {
        /// <summary>The shape this request is sent in: <see cref="RequestShape.ImageUrls"/> or <see cref="RequestShape.Omni"/>.</summary>
        /// <exception cref="NotSupportedException">The client is set to the original shape, which cannot carry part of the request.</exception>
        /// <exception cref="ArgumentException">The request goes in the Omni shape and names its references out of list order.</exception>
        public static RequestShape Choose(VideoGenerationRequest request, RequestShape configured)
        {
            var omniOnly = OmniOnlyFeatures(request);
            if (configured == RequestShape.ImageUrls && omniOnly is not null)
            {
                throw new NotSupportedException(
                    $"The request uses {string.Join(", ", omniOnly)}, which only the Omni request shape can carry; this client is set to "
                    + "the original shape (image_urls), which would drop them. Set KlingVideoClientOptions.RequestShape to RequestShape.Auto "
                    + "or RequestShape.Omni.");
            }

            if (configured == RequestShape.Omni || omniOnly is not null)
            {
                ThrowIfOutOfOrder(request.References);
                return RequestShape.Omni;
            }

            return RequestShape.ImageUrls;
        }

        /// <summary>What the request has that the original shape cannot carry, or null when it has none.</summary>
        private static List<string>? OmniOnlyFeatures(VideoGenerationRequest request)
        {
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

            if (request.Duration is { } duration && duration != VideoDuration.FiveSeconds && duration != VideoDuration.TenSeconds)
            {
                Found("a duration of " + duration);
            }

            if (request.GenerateAudio)
            {
                Found("audio generation");
            }

            return omniOnly;
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
        private static void ThrowIfOutOfOrder(IReadOnlyList<PromptReference> references)
        {
            var highestSoFar = new Dictionary<ReferenceKind, PromptReference>();
            var seen = new HashSet<(ReferenceKind, int)>();
            foreach (var reference in references)
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
