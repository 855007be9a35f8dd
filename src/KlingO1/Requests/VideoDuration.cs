using System;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1
{
    /// <summary>
    /// The length of the generated clip: 3 to 10 seconds, as the service's current generation page lists for every
    /// request (sent in the Omni request shape; the original shape carries 5 or 10 only).
    /// </summary>
    [JsonConverter(typeof(Converter))]
    public readonly struct VideoDuration : IEquatable<VideoDuration>
    {
        internal const int MinSeconds = 3;
        internal const int MaxSeconds = 10;

        private VideoDuration(int seconds) => Seconds = seconds;

        /// <summary>Gets a 5-second clip (the service's default).</summary>
        public static VideoDuration FiveSeconds { get; } = new(5);

        /// <summary>Gets a 10-second clip.</summary>
        public static VideoDuration TenSeconds { get; } = new(10);

        /// <summary>Gets the length in whole seconds.</summary>
        /// <value>0 for <see langword="default"/>(<see cref="VideoDuration"/>), which requests refuse.</value>
        public int Seconds { get; }

        /// <summary>Gets the length as a <see cref="TimeSpan"/>.</summary>
        public TimeSpan Length => TimeSpan.FromSeconds(Seconds);

        /// <summary>Returns the duration of the given number of seconds.</summary>
        /// <param name="seconds">3 to 10.</param>
        /// <returns>The matching duration.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is outside 3 to 10.</exception>
        public static VideoDuration FromSeconds(int seconds) => seconds is >= MinSeconds and <= MaxSeconds
            ? new VideoDuration(seconds)
            : throw new ArgumentOutOfRangeException(
                nameof(seconds), seconds, "Kling Video O1 makes clips of 3 to 10 seconds.");

        /// <summary>Compares two durations.</summary>
        /// <param name="left">The first duration.</param>
        /// <param name="right">The second duration.</param>
        /// <returns><see langword="true"/> when both are equally long.</returns>
        public static bool operator ==(VideoDuration left, VideoDuration right) => left.Equals(right);

        /// <summary>Compares two durations.</summary>
        /// <param name="left">The first duration.</param>
        /// <param name="right">The second duration.</param>
        /// <returns><see langword="true"/> when the lengths differ.</returns>
        public static bool operator !=(VideoDuration left, VideoDuration right) => !left.Equals(right);

        /// <inheritdoc />
        public bool Equals(VideoDuration other) => Seconds == other.Seconds;

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is VideoDuration other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => Seconds;

        /// <inheritdoc />
        public override string ToString() => Seconds.ToString(CultureInfo.InvariantCulture) + " s";

        /// <summary>Reads and writes a <see cref="VideoDuration"/> as a JSON number of seconds.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public sealed class Converter : JsonConverter<VideoDuration>
        {
            /// <inheritdoc />
            public override VideoDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var seconds)
                    ? new VideoDuration(seconds)
                    : throw new JsonException("Expected a whole number of seconds for the video duration.");

            /// <inheritdoc />
            public override void Write(Utf8JsonWriter writer, VideoDuration value, JsonSerializerOptions options)
                => writer.WriteNumberValue(value.Seconds);
        }
    }
}
