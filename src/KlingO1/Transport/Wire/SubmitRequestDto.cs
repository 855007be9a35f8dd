using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>
    /// The body of <c>POST /v1/videos/generations</c>, exactly as the service spells it, in either request shape:
    /// the original fills <see cref="ImageUrls"/>, the Omni shape <see cref="Metadata"/> lists and <see cref="VideoList"/>.
    /// Property order is the order fields are written, which keeps the recorded bodies byte-exact.
    /// </summary>
    internal sealed class SubmitRequestDto
    {
        [JsonPropertyName("model")]
        public string Model { get; set; } = string.Empty;

        [JsonPropertyName("prompt")]
        public string Prompt { get; set; } = string.Empty;

        [JsonPropertyName("image_urls")]
        public string[]? ImageUrls { get; set; }

        /// <summary><c>std</c> or <c>pro</c> (<see cref="VideoMode.Value"/>).</summary>
        [JsonPropertyName("mode")]
        public string? Mode { get; set; }

        /// <summary>Whole seconds (<see cref="VideoDuration.Seconds"/>).</summary>
        [JsonPropertyName("duration")]
        public int? Duration { get; set; }

        /// <summary>Such as <c>16:9</c> (<see cref="AspectRatio.Value"/>).</summary>
        [JsonPropertyName("aspect_ratio")]
        public string? AspectRatio { get; set; }

        [JsonPropertyName("callback_url")]
        public string? CallbackUrl { get; set; }

        [JsonPropertyName("client_business_id")]
        public string? ClientBusinessId { get; set; }

        [JsonPropertyName("video_list")]
        public VideoListItemDto[]? VideoList { get; set; }

        [JsonPropertyName("audio")]
        public bool? Audio { get; set; }

        [JsonPropertyName("metadata")]
        public SubmitMetadataDto? Metadata { get; set; }
    }
}
