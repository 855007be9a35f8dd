using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>Reads and checks a submit body the way the service does, naming the offending field.</summary>
    internal static class SubmitRequestReader
    {
        private static readonly Regex ImageReference = new(@"<<<image_(\d+)>>>", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        private static readonly HashSet<string> AspectRatios = new(StringComparer.Ordinal) { "16:9", "9:16", "1:1" };

        public sealed record Submit(string Prompt, string Mode, int Duration, string? AspectRatio, IReadOnlyList<string> ImageUrls);

        /// <summary>Returns the request, or null with the problem and the field it concerns.</summary>
        public static Submit? Read(byte[] body, string expectedModel, out string? problem, out string? param)
        {
            problem = null;
            param = null;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                problem = "The request body is not valid JSON.";
                return null;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problem = "The request body must be a JSON object.";
                    return null;
                }

                var model = String(root, "model");
                if (model is null || !string.Equals(model, expectedModel, StringComparison.Ordinal))
                {
                    return Fail(out problem, out param, model is null ? "The 'model' field is required." : $"Unknown model '{model}'.", "model");
                }

                var prompt = String(root, "prompt");
                if (string.IsNullOrWhiteSpace(prompt))
                {
                    return Fail(out problem, out param, "The 'prompt' field is required.", "prompt");
                }

                var mode = String(root, "mode") ?? "std";
                if (mode is not ("std" or "pro"))
                {
                    return Fail(out problem, out param, $"Invalid mode '{mode}': use 'std' or 'pro'.", "mode");
                }

                var duration = 5;
                if (root.TryGetProperty("duration", out var durationElement)
                    && (durationElement.ValueKind != JsonValueKind.Number || !durationElement.TryGetInt32(out duration) || duration is not (5 or 10)))
                {
                    return Fail(out problem, out param, "Invalid duration: use 5 or 10.", "duration");
                }

                var aspectRatio = String(root, "aspect_ratio");
                if (aspectRatio is not null && !AspectRatios.Contains(aspectRatio))
                {
                    return Fail(out problem, out param, $"Invalid aspect_ratio '{aspectRatio}': use 16:9, 9:16 or 1:1.", "aspect_ratio");
                }

                var images = new List<string>();
                if (root.TryGetProperty("image_urls", out var imagesElement) && imagesElement.ValueKind != JsonValueKind.Null)
                {
                    if (imagesElement.ValueKind != JsonValueKind.Array)
                    {
                        return Fail(out problem, out param, "'image_urls' must be an array of URLs.", "image_urls");
                    }

                    foreach (var image in imagesElement.EnumerateArray())
                    {
                        var url = image.ValueKind == JsonValueKind.String ? image.GetString() : null;
                        if (url is null || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                        {
                            return Fail(out problem, out param, "Each image must be a public http(s) URL; base64 images are no longer accepted, upload them first.", "image_urls");
                        }

                        images.Add(url);
                    }
                }

                if (images.Count > 7)
                {
                    return Fail(out problem, out param, "At most 7 reference images are accepted.", "image_urls");
                }

                foreach (Match reference in ImageReference.Matches(prompt))
                {
                    if (!int.TryParse(reference.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > images.Count)
                    {
                        return Fail(out problem, out param, $"The prompt references {reference.Value} but {images.Count} images were given.", "prompt");
                    }
                }

                return new Submit(prompt!, mode, duration, aspectRatio, images);
            }
        }

        private static string? String(JsonElement root, string name)
            => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static Submit? Fail(out string problem, out string param, string message, string field)
        {
            problem = message;
            param = field;
            return null;
        }
    }
}
