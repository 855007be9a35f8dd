using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KlingO1
{
    /// <summary>
    /// The state of a video generation task as the service reports it. The service owns this set and may add
    /// values: an unknown value is preserved in <see cref="Value"/> and treated as not final.
    /// </summary>
    /// <remarks>Equality is case-insensitive. The older service value <c>submitted</c> is read as <see cref="Queued"/>.</remarks>
    [JsonConverter(typeof(Converter))]
    public readonly struct VideoTaskStatus : IEquatable<VideoTaskStatus>
    {
        private const string SubmittedAlias = "submitted";
        private readonly string? _value;

        /// <summary>Creates a status from the service's value.</summary>
        /// <param name="value">The value as the service spells it, for example <c>in_progress</c>.</param>
        /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
        public VideoTaskStatus(string value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException("A task status needs a non-empty value.", nameof(value));
            }

            _value = string.Equals(value, SubmittedAlias, StringComparison.OrdinalIgnoreCase) ? "queued" : value;
        }

        /// <summary>Gets the status of a task waiting for a worker (<c>queued</c>; also the older <c>submitted</c>).</summary>
        public static VideoTaskStatus Queued { get; } = new("queued");

        /// <summary>Gets the status of a task being generated (<c>in_progress</c>).</summary>
        public static VideoTaskStatus InProgress { get; } = new("in_progress");

        /// <summary>Gets the status of a task whose video is ready (<c>completed</c>).</summary>
        public static VideoTaskStatus Completed { get; } = new("completed");

        /// <summary>Gets the status of a task that ended without a video (<c>failed</c>).</summary>
        public static VideoTaskStatus Failed { get; } = new("failed");

        /// <summary>Gets the value as the service spells it.</summary>
        public string Value => _value ?? "unknown";

        /// <summary>Gets a value indicating whether the task has ended: <see cref="Completed"/> or <see cref="Failed"/>.</summary>
        public bool IsTerminal => Equals(Completed) || Equals(Failed);

        /// <summary>Compares two statuses case-insensitively.</summary>
        /// <param name="left">The first status.</param>
        /// <param name="right">The second status.</param>
        /// <returns><see langword="true"/> when both have the same value.</returns>
        public static bool operator ==(VideoTaskStatus left, VideoTaskStatus right) => left.Equals(right);

        /// <summary>Compares two statuses case-insensitively.</summary>
        /// <param name="left">The first status.</param>
        /// <param name="right">The second status.</param>
        /// <returns><see langword="true"/> when the values differ.</returns>
        public static bool operator !=(VideoTaskStatus left, VideoTaskStatus right) => !left.Equals(right);

        /// <inheritdoc />
        public bool Equals(VideoTaskStatus other) => StringValue.Equal(Value, other.Value);

        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is VideoTaskStatus other && Equals(other);

        /// <inheritdoc />
        public override int GetHashCode() => StringValue.HashCode(Value);

        /// <inheritdoc />
        public override string ToString() => Value;

        /// <summary>Reads and writes a <see cref="VideoTaskStatus"/> as its JSON string value.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        public sealed class Converter : JsonConverter<VideoTaskStatus>
        {
            /// <inheritdoc />
            public override VideoTaskStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => new(StringValue.Read(ref reader, "task status"));

            /// <inheritdoc />
            public override void Write(Utf8JsonWriter writer, VideoTaskStatus value, JsonSerializerOptions options)
                => writer.WriteStringValue(value.Value);
        }
    }
}
