using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>One entry of <c>metadata.image_list</c>; <c>type</c> only for a first or end frame.</summary>
    internal sealed class ImageListItemDto
    {
        [JsonPropertyName("image_url")]
        public string ImageUrl { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string? Type { get; set; }
    }

    /// <summary>One entry of <c>metadata.element_list</c>.</summary>
    internal sealed class ElementListItemDto
    {
        [JsonPropertyName("url")]
        public string Url { get; set; } = string.Empty;

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("role")]
        public string? Role { get; set; }
    }

    /// <summary>One entry of <c>video_list</c>; <c>keep_original_sound</c> is the string <c>yes</c> or <c>no</c>.</summary>
    internal sealed class VideoListItemDto
    {
        [JsonPropertyName("video_url")]
        public string VideoUrl { get; set; } = string.Empty;

        [JsonPropertyName("refer_type")]
        public string ReferType { get; set; } = string.Empty;

        [JsonPropertyName("keep_original_sound")]
        public string KeepOriginalSound { get; set; } = string.Empty;
    }
}
