using System.Text.Json.Serialization;
using KlingO1.Internal.Json;

namespace KlingO1.Webhooks.Wire
{
    /// <summary>
    /// A webhook delivery body (see shared/api/payloads/webhook-completed.json): the webhooks page's own contract, read
    /// apart from the status endpoint's so either can change without the other.
    /// </summary>
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
        public WebhookResultDto? Result { get; set; }

        [JsonPropertyName("error")]
        public WebhookErrorDto? Error { get; set; }

        [JsonPropertyName("submitted_at")]
        public long? SubmittedAt { get; set; }

        [JsonPropertyName("finished_at")]
        public long? FinishedAt { get; set; }
    }

    /// <summary>The <c>result</c> of the event's task.</summary>
    internal sealed class WebhookResultDto
    {
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("data")]
        public WebhookOutputDto[]? Data { get; set; }

        /// <summary>What an <c>endpoint.test</c> event carries in place of outputs.</summary>
        [JsonPropertyName("message")]
        public string? Message { get; set; }
    }

    /// <summary>One output file of the event's task.</summary>
    internal sealed class WebhookOutputDto
    {
        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("format")]
        public string? Format { get; set; }

        [JsonPropertyName("last_frame_url")]
        public string? LastFrameUrl { get; set; }
    }

    /// <summary>A failed task's <c>error</c>; <c>code</c> comes as a number or as text.</summary>
    internal sealed class WebhookErrorDto
    {
        [JsonPropertyName("code")]
        [JsonConverter(typeof(NumberOrStringConverter))]
        public string? Code { get; set; }

        [JsonPropertyName("message")]
        public string? Message { get; set; }
    }
}
