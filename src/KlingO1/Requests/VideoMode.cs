using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1
{
    /// <summary>
    /// The generation mode, which sets the output resolution and the price of a clip. The service owns this set:
    /// use <see cref="Standard"/> or <see cref="Professional"/>, or construct a value the service added later.
    /// </summary>
    [JsonConverter(typeof(Converter))]
    public readonly struct VideoMode : IEquatable<VideoMode>
    {
        private readonly string? _value;

        /// <summary>Creates a mode from the service's value.</summary>
        /// <param name="value">The value as the service spells it, for example <c>std</c>.</param>
        /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
        public VideoMode(string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("A video mode needs a non-empty value such as \"std\" or \"pro\".", nameof(value));
            }

            _value = value;
        }

        /// <summary>Gets the standard mode (<c>std</c>): 720P, the cheaper and faster choice. The default.</summary>
        public static VideoMode Standard { get; } = new("std");

        /// <summary>Gets the professional mode (<c>pro</c>): 1080P, slower and more expensive.</summary>
        public static VideoMode Professional { get; } = new("pro");

        /// <summary>Gets the value as the service spells it.</summary>
        /// <value>An empty string for <see langword="default"/>(<see cref="VideoMode"/>), which requests refuse.</value>
        public string Value => _value ?? string.Empty;

        /// <summary>Compares two modes case-insensitively.</summary>
        /// <param name="left">The first mode.</param>
        /// <param name="right">The second mode.</param>
        /// <returns><see langword="true"/> when both have the same value.</returns>
        public static bool operator ==(VideoMode left, VideoMode right) => left.Equals(right);

        /// <summary>Compares two modes case-insensitively.</summary>
        /// <param name="left">The first mode.</param>
        /// <param name="right">The second mode.</param>
        /// <returns><see langword="true"/> when the values differ.</returns>
        public static bool operator !=(VideoMode left, VideoMode right) => !left.Equals(right);

        /// <inheritdoc />
        public bool Equals(VideoMode other) => StringValue.Equal(Value, other.Value);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is VideoMode other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => StringValue.HashCode(Value);

        /// <inheritdoc />
        public override string ToString() => Value;

        /// <summary>Reads and writes a <see cref="VideoMode"/> as its JSON string value.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public sealed class Converter : JsonConverter<VideoMode>
        {
            /// <inheritdoc />
            public override VideoMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => new(StringValue.Read(ref reader, "video mode"));

            /// <inheritdoc />
            public override void Write(Utf8JsonWriter writer, VideoMode value, JsonSerializerOptions options)
                => writer.WriteStringValue(value.Value);
        }
    }
}
