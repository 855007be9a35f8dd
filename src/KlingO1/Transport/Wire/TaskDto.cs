using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using KlingO1.Internal.Json;

namespace KlingO1.Transport.Wire
{
    /// <summary>A task as the submit and status endpoints return it. Unknown fields are ignored.</summary>
    internal sealed class TaskDto
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("model")]
        public string? Model { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        [JsonPropertyName("progress")]
        [JsonConverter(typeof(LenientIntConverter))]
        public int Progress { get; set; }

        [JsonPropertyName("created_at")]
        public long? CreatedAt { get; set; }

        [JsonPropertyName("completed_at")]
        public long? CompletedAt { get; set; }

        [JsonPropertyName("expires_at")]
        public long? ExpiresAt { get; set; }

        [JsonPropertyName("result")]
        public TaskResultDto? Result { get; set; }

        [JsonPropertyName("error")]
        public ErrorDto? Error { get; set; }

        [JsonPropertyName("client_business_id")]
        public string? ClientBusinessId { get; set; }

        /// <summary>Kept as a JSON value: its documented content is only <c>tool_usage</c> counts, read leniently in the mapping.</summary>
        [JsonPropertyName("usage")]
        public JsonElement? Usage { get; set; }

        /// <summary>The submit answer's <c>metadata</c> (documented as <c>{}</c>): kept whole, as JSON values.</summary>
        [JsonPropertyName("metadata")]
        public Dictionary<string, JsonElement>? Metadata { get; set; }
    }

    /// <summary>The <c>result</c> of a completed task.</summary>
    internal sealed class TaskResultDto
    {
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("data")]
        public TaskResultItemDto[]? Data { get; set; }
    }

    /// <summary>One output file of a completed task.</summary>
    internal sealed class TaskResultItemDto
    {
        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("format")]
        public string? Format { get; set; }

        [JsonPropertyName("last_frame_url")]
        public string? LastFrameUrl { get; set; }
    }
}
