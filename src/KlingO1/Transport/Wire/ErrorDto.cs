using System.Text.Json.Serialization;
using KlingO1.Internal.Json;

namespace KlingO1.Transport.Wire
{
    /// <summary>
    /// An error object: a failed task's <c>error</c>, or the <c>error</c> of an error answer. The service sends
    /// <c>code</c> sometimes as a number (<c>404</c>) and sometimes as text (<c>"invalid_request"</c>).
    /// </summary>
    internal sealed class ErrorDto
    {
        [JsonPropertyName("code")]
        [JsonConverter(typeof(NumberOrStringConverter))]
        public string? Code { get; set; }

        [JsonPropertyName("message")]
        public string? Message { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("param")]
        public string? Param { get; set; }
    }

    /// <summary>
    /// An error answer: <c>{"error":{...}}</c> from the task endpoints, or <c>{"success":false,"message":"..."}</c>
    /// from the upload endpoints.
    /// </summary>
    internal sealed class ErrorEnvelopeDto
    {
        [JsonPropertyName("error")]
        public ErrorDto? Error { get; set; }

        [JsonPropertyName("success")]
        public bool? Success { get; set; }

        [JsonPropertyName("message")]
        public string? Message { get; set; }
    }
}
