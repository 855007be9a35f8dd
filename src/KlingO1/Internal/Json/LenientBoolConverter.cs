using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1.Internal.Json
{
    /// <summary>Reads a flag given as <c>true</c>/<c>false</c>, as text (<c>"true"</c>) or as <c>1</c>/<c>0</c>; null reads as null.</summary>
    internal sealed class LenientBoolConverter : JsonConverter<bool?>
    {
        public override bool HandleNull => true;

        public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                JsonTokenType.Number when reader.TryGetInt64(out var number) && number is 0 or 1 => number == 1,
                JsonTokenType.String when bool.TryParse(reader.GetString()!.Trim(), out var flag) => flag,
                _ => throw new JsonException($"Expected true or false, found {reader.TokenType}."),
            };

        public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
        {
            if (value is { } flag)
            {
                writer.WriteBooleanValue(flag);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
