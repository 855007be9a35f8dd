using System.Text.Json.Serialization;

namespace KlingO1.Transport.Wire
{
    /// <summary>A webhook delivery body (see shared/api/payloads/webhook-completed.json).</summary>
    internal sealed class WebhookEventDto
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("api_version")]
        public string? ApiVersion { get; set; }

        [JsonPropertyName("created_at")]
        public long? CreatedAt { get; set; }

        [JsonPropertyName("data")]
        public WebhookTaskDto? Data { get; set; }
    }

    /// <summary>The task inside a webhook event; note <c>status</c> SUCCESS/FAILURE and <c>progress</c> "100%".</summary>
    internal sealed class WebhookTaskDto
    {
        [JsonPropertyName("task_id")]
        public string? TaskId { get; set; }

        [JsonPropertyName("client_business_id")]
        public string? ClientBusinessId { get; set; }

        /// <summary><c>image</c> or <c>video</c>: one API key receives the events of both kinds of task.</summary>
        [JsonPropertyName("task_type")]
        public string? TaskType { get; set; }

        [JsonPropertyName("model")]
        public string? Model { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        [JsonPropertyName("progress")]
        [JsonConverter(typeof(LenientIntConverter))]
        public int Progress { get; set; }

        [JsonPropertyName("result")]
        public TaskResultDto? Result { get; set; }

        [JsonPropertyName("error")]
        public ErrorDto? Error { get; set; }

        [JsonPropertyName("submitted_at")]
        public long? SubmittedAt { get; set; }

        [JsonPropertyName("finished_at")]
        public long? FinishedAt { get; set; }
    }
}
