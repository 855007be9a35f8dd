using System.Text.Json.Serialization;
using KlingO1.Webhooks.Wire;

namespace KlingO1.Webhooks
{
    /// <summary>
    /// The source-generated serializer context of webhook events (no reflection: trim- and AOT-safe). Apart from the API's
    /// context in Transport: the verifier sends nothing and needs none of the transport. Unknown fields are ignored.
    /// </summary>
    // The API context's depth limit: fields the SDK skips still count toward it, and must not make an event unreadable.
    [JsonSourceGenerationOptions(MaxDepth = 256)]
    [JsonSerializable(typeof(WebhookEventDto))]
    internal sealed partial class WebhookJsonContext : JsonSerializerContext
    {
    }
}
