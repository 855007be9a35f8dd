using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1.Internal.Json
{
    /// <summary>
    /// Reads an amount given as a JSON number (<c>12.5</c>) or as text (<c>"12.5"</c>), exactly, as a decimal; null reads as
    /// null. The balance answer's shape is not documented as JSON, so both spellings are taken.
    /// </summary>
    internal sealed class LenientDecimalConverter : JsonConverter<decimal?>
    {
        public override bool HandleNull => true;

        public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    // Read from the digits, not through a double: 0.1 stays 0.1.
                    return reader.TryGetDecimal(out var number) ? number : throw new JsonException("An amount is out of range.");
                case JsonTokenType.String:
                    var text = reader.GetString()!.Trim();
                    if (text.Length == 0)
                    {
                        return null;
                    }

                    return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw new JsonException("An amount is not a number.");
                default:
                    throw new JsonException($"Expected an amount, found {reader.TokenType}.");
            }
        }

        public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
        {
            if (value is { } amount)
            {
                writer.WriteNumberValue(amount);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
