using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Reads and checks a submit body the way the service does, naming the offending field. Both revisions of the body
    /// are accepted: the original (<c>image_urls</c>) and the Omni shape (<c>metadata.image_list</c>,
    /// <c>metadata.element_list</c>, <c>video_list</c>), but not a mix of the two.
    /// </summary>
    internal static class SubmitRequestReader
    {
        private static readonly Regex Reference = new(@"<<<(image|element|video)_(\d+)>>>", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private static readonly HashSet<string> AspectRatios = new(StringComparer.Ordinal) { "16:9", "9:16", "1:1" };

        /// <summary>A submit as read: the fields the simulator acts on, and the body as received.</summary>
        public sealed record Submit(
            string Prompt,
            string Mode,
            int Duration,
            string? AspectRatio,
            SubmittedMedia Media,
            string? ClientBusinessId,
            string? CallbackUrl,
            bool? Watermark,
            string Body);

        /// <summary>Returns the request, or null with the refusal (its message, field and code).</summary>
        public static Submit? Read(byte[] body, string expectedModel, out SubmitRefusedException? problem)
        {
            problem = null;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                problem = new SubmitRefusedException("The request body is not valid JSON.", null);
                return null;
            }

            using (document)
            {
                try
                {
                    return Read(document.RootElement, expectedModel) with { Body = System.Text.Encoding.UTF8.GetString(body) };
                }
                catch (SubmitRefusedException refused)
                {
                    problem = refused;
                    return null;
                }
            }
        }

        private static Submit Read(JsonElement root, string expectedModel)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SubmitRefusedException("The request body must be a JSON object.", null);
            }

            var model = String(root, "model");
            if (model is null || !string.Equals(model, expectedModel, StringComparison.Ordinal))
            {
                throw new SubmitRefusedException(model is null ? "The 'model' field is required." : $"Unknown model '{model}'.", "model");
            }

            var prompt = String(root, "prompt");
            if (string.IsNullOrWhiteSpace(prompt))
            {
                throw new SubmitRefusedException("The 'prompt' field is required.", "prompt");
            }

            var mode = String(root, "mode") ?? "std";
            if (mode is not ("std" or "pro"))
            {
                throw new SubmitRefusedException($"Invalid mode '{mode}': use 'std' or 'pro'.", "mode");
            }

            var aspectRatio = String(root, "aspect_ratio");
            if (aspectRatio is not null && !AspectRatios.Contains(aspectRatio))
            {
                throw new SubmitRefusedException($"Invalid aspect_ratio '{aspectRatio}': use 16:9, 9:16 or 1:1.", "aspect_ratio");
            }

            var media = OmniMediaReader.IsOmni(root)
                ? OmniMediaReader.Read(root)
                : new SubmittedMedia(false, ReadImageUrls(root), Array.Empty<SimulatedElement>(), null, false) { UsesImageUrls = HasImageUrls(root) };
            var duration = ReadDuration(root, media);
            CheckReferences(prompt!, media);
            return new Submit(prompt!, mode, duration, aspectRatio, media, ClientBusinessId(root), String(root, "callback_url"), Watermark(root), string.Empty);
        }

        private static List<SimulatedImage> ReadImageUrls(JsonElement root)
        {
            var images = new List<SimulatedImage>();
            if (root.TryGetProperty("image_urls", out var imagesElement) && imagesElement.ValueKind != JsonValueKind.Null)
            {
                if (imagesElement.ValueKind != JsonValueKind.Array)
                {
                    throw new SubmitRefusedException("'image_urls' must be an array of URLs.", "image_urls");
                }

                foreach (var image in imagesElement.EnumerateArray())
                {
                    images.Add(new SimulatedImage(PublicUrl(image.ValueKind == JsonValueKind.String ? image.GetString() : null, "image_urls"), null));
                }
            }

            if (images.Count > 7)
            {
                throw new SubmitRefusedException("At most 7 reference images are accepted.", "image_urls");
            }

            return images;
        }

        // The Chinese page: a top-level field, "also accepted inside metadata, but the top level is recommended". A
        // string, as documented: a number or an object is refused rather than dropped, which would leave the task
        // unreadable by the id the client believes it carries.
        private static string? ClientBusinessId(JsonElement root)
            => BusinessIdIn(root, "client_business_id")
                ?? (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? BusinessIdIn(metadata, "metadata.client_business_id") : null);

        private static string? BusinessIdIn(JsonElement parent, string field)
            => !parent.TryGetProperty("client_business_id", out var value) || value.ValueKind == JsonValueKind.Null ? null
                : value.ValueKind == JsonValueKind.String ? value.GetString()
                : throw new SubmitRefusedException($"'{field}' must be a string.", field);

        // A boolean, as documented; "false" or 0 is refused rather than read as not sent.
        private static bool? Watermark(JsonElement root)
            => !(root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("watermark", out var watermark) && watermark.ValueKind != JsonValueKind.Null) ? null
                : watermark.ValueKind is JsonValueKind.True or JsonValueKind.False ? watermark.GetBoolean()
                : throw new SubmitRefusedException("'metadata.watermark' must be true or false.", "metadata.watermark");

        private static bool HasImageUrls(JsonElement root)
            => root.TryGetProperty("image_urls", out var images) && images.ValueKind != JsonValueKind.Null;

        private static int ReadDuration(JsonElement root, SubmittedMedia media)
        {
            // Both revisions default to 5 s. For a base video edit the service follows the input video's length,
            // which the simulator cannot know: it takes the default.
            if (!root.TryGetProperty("duration", out var element))
            {
                return 5;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var duration))
            {
                throw new SubmitRefusedException("Invalid duration: use a whole number of seconds.", "duration");
            }

            // The current page allows 3 to 10 s for every kind of clip; only the older page, the one that documents
            // image_urls, limits a body of that shape to 5 or 10. A body with no images at all is read as the current page.
            if (media.UsesImageUrls)
            {
                return duration is 5 or 10 ? duration : throw new SubmitRefusedException("Invalid duration: use 5 or 10.", "duration");
            }

            return duration is >= 3 and <= 10 ? duration : throw new SubmitRefusedException("Invalid duration: use 3 to 10.", "duration");
        }

        private static void CheckReferences(string prompt, SubmittedMedia media)
        {
            var lastFirstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match reference in Reference.Matches(prompt))
            {
                var kind = reference.Groups[1].Value;
                var count = kind switch
                {
                    "element" => media.Elements.Count,
                    "video" => media.Video is null ? 0 : 1,
                    _ => media.Images.Count,
                };
                if (!int.TryParse(reference.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > count)
                {
                    throw new SubmitRefusedException($"The prompt references {reference.Value} but {count} {kind}s were given.", "prompt");
                }

                // The Omni revision matches each list to its placeholders by order of first appearance.
                if (media.IsOmni && seen.Add(reference.Value))
                {
                    if (lastFirstSeen.TryGetValue(kind, out var last) && last > n)
                    {
                        throw new SubmitRefusedException($"List order must match the placeholder order in the prompt: {reference.Value} appears after <<<{kind}_{last}>>>.", "prompt");
                    }

                    lastFirstSeen[kind] = n;
                }
            }
        }

        internal static string PublicUrl(string? url, string field)
        {
            if (url is null || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw new SubmitRefusedException($"Each entry of '{field}' must be a public http(s) URL; base64 data is not accepted, upload it first.", field);
            }

            return url;
        }

        internal static string? String(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
