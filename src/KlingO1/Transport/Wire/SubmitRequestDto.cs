using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>The body of <c>POST /v1/videos/generations</c>, exactly as the service spells it.</summary>
    internal sealed class SubmitRequestDto
    {
        [JsonPropertyName("model")]
        public string Model { get; set; } = string.Empty;

        [JsonPropertyName("prompt")]
        public string Prompt { get; set; } = string.Empty;

        [JsonPropertyName("image_urls")]
        public string[]? ImageUrls { get; set; }

        [JsonPropertyName("mode")]
        public VideoMode Mode { get; set; }

        [JsonPropertyName("duration")]
        public VideoDuration Duration { get; set; }

        [JsonPropertyName("aspect_ratio")]
        public AspectRatio? AspectRatio { get; set; }

        [JsonPropertyName("callback_url")]
        public string? CallbackUrl { get; set; }

        [JsonPropertyName("client_business_id")]
        public string? ClientBusinessId { get; set; }
    }
}
