using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1
{
    /// <summary>
    /// The frame shape of the generated video. The service owns this set: use the known values or construct one
    /// the service added later. With reference images the image's own ratio may win.
    /// </summary>
    [JsonConverter(typeof(Converter))]
    public readonly struct AspectRatio : IEquatable<AspectRatio>
    {
        private readonly string? _value;

        /// <summary>Creates an aspect ratio from the service's value.</summary>
        /// <param name="value">The value as the service spells it, for example <c>16:9</c>.</param>
        /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
        public AspectRatio(string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("An aspect ratio needs a non-empty value such as \"16:9\".", nameof(value));
            }

            _value = value;
        }

        /// <summary>Gets the landscape ratio <c>16:9</c> (the service's default).</summary>
        public static AspectRatio Landscape { get; } = new("16:9");

        /// <summary>Gets the portrait ratio <c>9:16</c>.</summary>
        public static AspectRatio Portrait { get; } = new("9:16");

        /// <summary>Gets the square ratio <c>1:1</c>.</summary>
        public static AspectRatio Square { get; } = new("1:1");

        /// <summary>Gets the value as the service spells it.</summary>
        /// <value>An empty string for <see langword="default"/>(<see cref="AspectRatio"/>), which requests refuse.</value>
        public string Value => _value ?? string.Empty;

        /// <summary>Compares two ratios case-insensitively.</summary>
        /// <param name="left">The first ratio.</param>
        /// <param name="right">The second ratio.</param>
        /// <returns><see langword="true"/> when both have the same value.</returns>
        public static bool operator ==(AspectRatio left, AspectRatio right) => left.Equals(right);

        /// <summary>Compares two ratios case-insensitively.</summary>
        /// <param name="left">The first ratio.</param>
        /// <param name="right">The second ratio.</param>
        /// <returns><see langword="true"/> when the values differ.</returns>
        public static bool operator !=(AspectRatio left, AspectRatio right) => !left.Equals(right);

        /// <inheritdoc />
        public bool Equals(AspectRatio other) => StringValue.Equal(Value, other.Value);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is AspectRatio other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => StringValue.HashCode(Value);

        /// <inheritdoc />
        public override string ToString() => Value;

        /// <summary>Reads and writes an <see cref="AspectRatio"/> as its JSON string value.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public sealed class Converter : JsonConverter<AspectRatio>
        {
            /// <inheritdoc />
            public override AspectRatio Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => new(StringValue.Read(ref reader, "aspect ratio"));

            /// <inheritdoc />
            public override void Write(Utf8JsonWriter writer, AspectRatio value, JsonSerializerOptions options)
                => writer.WriteStringValue(value.Value);
        }
    }
}
