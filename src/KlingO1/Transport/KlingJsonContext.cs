using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>
    /// The API's source-generated serializer context: every byte of JSON the SDK sends to or reads from the API goes
    /// through it, so the SDK needs no reflection (trim- and AOT-safe); webhook events have their own
    /// (<see cref="Webhooks.WebhookJsonContext"/>). Nulls are left out of request bodies; unknown fields in
    /// answers are ignored.
    /// </summary>
    // A deeper limit than the default: free-form values the service echoes (metadata) must not make a finished task unreadable.
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 256)]
    [JsonSerializable(typeof(SubmitRequestDto))]
    [JsonSerializable(typeof(TaskDto))]
    [JsonSerializable(typeof(ErrorEnvelopeDto))]
    [JsonSerializable(typeof(UploadResponseDto))]
    [JsonSerializable(typeof(BalanceResponseDto))]
    internal sealed partial class KlingJsonContext : JsonSerializerContext
    {
        /// <summary>
        /// Writes request bodies the way the service documents them: <c>&lt;&lt;&lt;image_1&gt;&gt;&gt;</c> and non-Latin
        /// prompts as they are, not as <c>\u003C</c> escapes. The HTML-safe default escaping protects nothing here, since
        /// the body goes to an API and never into a page; written plainly, the recorded bodies match byte for byte.
        /// </summary>
        public static KlingJsonContext Requests { get; } = new(new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
