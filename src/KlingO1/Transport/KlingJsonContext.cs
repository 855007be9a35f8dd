using System.Text.Json.Serialization;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>
    /// The one source-generated serializer context: every byte of JSON the SDK reads or writes goes through it, so
    /// the SDK needs no reflection (trim- and AOT-safe). Nulls are left out of request bodies; unknown fields in
    /// answers are ignored.
    /// </summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(SubmitRequestDto))]
    [JsonSerializable(typeof(TaskDto))]
    [JsonSerializable(typeof(ErrorEnvelopeDto))]
    [JsonSerializable(typeof(UploadResponseDto))]
    [JsonSerializable(typeof(WebhookEventDto))]
    internal sealed partial class KlingJsonContext : JsonSerializerContext
    {
    }
}
