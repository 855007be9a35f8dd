using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>The submit body's <c>metadata</c>: extras in the original shape, the image and element lists in the Omni shape.</summary>
    internal sealed class SubmitMetadataDto
    {
        [JsonPropertyName("image_list")]
        public ImageListItemDto[]? ImageList { get; set; }

        [JsonPropertyName("element_list")]
        public ElementListItemDto[]? ElementList { get; set; }

        [JsonPropertyName("watermark")]
        public bool? Watermark { get; set; }
    }
}
