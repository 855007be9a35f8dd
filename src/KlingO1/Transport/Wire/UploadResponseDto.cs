using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>The answer of <c>POST /v1/uploads/images</c>: <c>{"success":true,"message":"","data":{...}}</c>.</summary>
    internal sealed class UploadResponseDto
    {
        [JsonPropertyName("success")]
        public bool Success { get; set; }

        [JsonPropertyName("message")]
        public string? Message { get; set; }

        [JsonPropertyName("data")]
        public UploadDataDto? Data { get; set; }
    }

    /// <summary>The stored image.</summary>
    internal sealed class UploadDataDto
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("mime_type")]
        public string? MimeType { get; set; }

        [JsonPropertyName("size")]
        public long Size { get; set; }
    }
}
