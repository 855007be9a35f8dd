using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1.Internal.Json
{
    /// <summary>
    /// Reads a whole number given as a JSON number (<c>65</c>, <c>65.0</c>) or as text (<c>"65"</c>, <c>"65%"</c>,
    /// as the webhook payload spells progress); null reads as 0.
    /// </summary>
    internal sealed class LenientIntConverter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return 0;
                case JsonTokenType.Number:
                    return reader.TryGetInt32(out var whole) ? whole : (int)Math.Round(reader.GetDouble());
                case JsonTokenType.String:
                    var text = reader.GetString()!.Trim().TrimEnd('%');
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    {
                        return (int)Math.Round(parsed);
                    }

                    throw new JsonException($"Expected a number, found \"{text}\".");
                default:
                    throw new JsonException($"Expected a number, found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
            => writer.WriteNumberValue(value);
    }
}
