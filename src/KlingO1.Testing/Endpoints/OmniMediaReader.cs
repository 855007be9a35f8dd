using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Reads the media of an Omni-shaped submit (<c>metadata.image_list</c>, <c>metadata.element_list</c>,
    /// <c>video_list</c>, <c>audio</c>) and applies the rules that revision of the service states.
    /// </summary>
    internal static class OmniMediaReader
    {
        /// <summary>Tells whether a body uses the Omni shape; refuses one that mixes it with <c>image_urls</c>.</summary>
        public static bool IsOmni(JsonElement root)
        {
            var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            var omni = root.TryGetProperty("video_list", out _) || root.TryGetProperty("audio", out _)
                || (metadata.ValueKind == JsonValueKind.Object && (metadata.TryGetProperty("image_list", out _) || metadata.TryGetProperty("element_list", out _)));
            if (omni && root.TryGetProperty("image_urls", out _))
            {
                throw new SubmitRefusedException("Use either 'image_urls' or 'metadata.image_list', not both.", "image_urls");
            }

            return omni;
        }

        public static SubmittedMedia Read(JsonElement root)
        {
            var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            var images = Entries(metadata, "image_list", "metadata.image_list")
                .Select(e => new SimulatedImage(SubmitRequestReader.PublicUrl(SubmitRequestReader.String(e, "image_url"), "metadata.image_list"), ImageType(e)))
                .ToList();
            var elements = Entries(metadata, "element_list", "metadata.element_list")
                .Select(e => new SimulatedElement(
                    SubmitRequestReader.PublicUrl(SubmitRequestReader.String(e, "url"), "metadata.element_list"),
                    SubmitRequestReader.String(e, "type"),
                    SubmitRequestReader.String(e, "role")))
                .ToList();
            var videos = Entries(root, "video_list", "video_list").ToList();
            if (videos.Count > 1)
            {
                throw new SubmitRefusedException("At most 1 reference video is accepted.", "video_list");
            }

            var video = videos.Count == 1 ? videos[0] : default;
            var videoUrl = videos.Count == 1 ? SubmitRequestReader.PublicUrl(SubmitRequestReader.String(video, "video_url"), "video_list") : null;
            // The page documents refer_type as optional with the default base (an edit of the given video).
            var referType = videos.Count == 1 ? SubmitRequestReader.String(video, "refer_type") ?? "base" : null;
            if (videos.Count == 1 && (referType is not ("base" or "feature") || IsNonString(video, "refer_type")))
            {
                throw new SubmitRefusedException("video_list[0].refer_type must be 'base' or 'feature'.", "video_list");
            }

            var keepSound = videos.Count == 1 ? SubmitRequestReader.String(video, "keep_original_sound") : null;
            if (keepSound is not (null or "yes" or "no") || (videos.Count == 1 && IsNonString(video, "keep_original_sound")))
            {
                throw new SubmitRefusedException("video_list[0].keep_original_sound must be 'yes' or 'no'.", "video_list");
            }

            var audio = root.TryGetProperty("audio", out var a) && a.ValueKind == JsonValueKind.True;
            var media = new SubmittedMedia(true, images, elements, videoUrl is null ? null : new SimulatedVideo(videoUrl, referType!, keepSound == "yes"), audio);
            CheckCombination(media);
            return media;
        }

        private static void CheckCombination(SubmittedMedia media)
        {
            var limit = media.Video is null ? 7 : 4;
            if (media.Images.Count + media.Elements.Count > limit)
            {
                throw new SubmitRefusedException($"At most {limit} images and elements together are accepted{(media.Video is null ? string.Empty : " with a reference video")}.", "metadata.image_list");
            }

            var firstFrames = media.Images.Count(i => i.Type == "first_frame");
            var endFrames = media.Images.Count(i => i.Type == "end_frame");
            if (firstFrames > 1 || endFrames > 1)
            {
                throw new SubmitRefusedException("At most one first_frame and one end_frame are accepted.", "metadata.image_list");
            }

            if (endFrames == 1 && firstFrames == 0)
            {
                throw new SubmitRefusedException("An end_frame needs a first_frame.", "metadata.image_list");
            }

            if (media.Video?.ReferType == "base" && firstFrames + endFrames > 0)
            {
                throw new SubmitRefusedException("First and end frames cannot be set when editing a video (refer_type base).", "metadata.image_list");
            }

            if (media.Audio && media.Video is not null)
            {
                throw new SubmitRefusedException("audio and video_list are mutually exclusive.", "audio");
            }
        }

        private static string? ImageType(JsonElement entry)
        {
            if (!entry.TryGetProperty("type", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            // A number or a boolean is no more a type than a misspelt word.
            var type = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
            return type is "first_frame" or "end_frame"
                ? type
                : throw new SubmitRefusedException($"Unknown image type '{type}': use first_frame or end_frame, or leave it out.", "metadata.image_list");
        }

        // A member that is present but neither a string nor null (true, 1, ...): not one of the service's words.
        private static bool IsNonString(JsonElement entry, string name)
            => entry.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null);

        private static IEnumerable<JsonElement> Entries(JsonElement parent, string name, string field)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
            {
                return Enumerable.Empty<JsonElement>();
            }

            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
            {
                throw new SubmitRefusedException($"'{field}' must be an array of objects.", field);
            }

            return list.EnumerateArray().ToList();
        }
    }
}
