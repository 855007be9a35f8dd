using System;
using System.Text.Json;

namespace KlingO1
{
    /// <summary>Shared rules for the string-backed value types (status, mode, aspect ratio).</summary>
    internal static class StringValue
    {
        public static bool Equal(string left, string right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

        public static int HashCode(string value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value);

        public static string Read(ref Utf8JsonReader reader, string what)
        {
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new JsonException($"Expected a non-empty string for the {what}, found {reader.TokenType}.");
            }

            return value!;
        }
    }
}
