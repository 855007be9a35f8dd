using System;
using System.Text.Json.Serialization;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// One line of a batch journal. The first is the batch's own (<see cref="BatchType"/>); then, for each item, by its key:
    /// <see cref="SubmittingType"/> with its business id before the submit is sent, <see cref="SubmittedType"/> with the
    /// task id once it is accepted, and <see cref="SavedType"/> or <see cref="FailedType"/> at its end.
    /// </summary>
    internal sealed class JournalRecord
    {
        public const string BatchType = "batch";
        public const string SubmittingType = "submitting";
        public const string SubmittedType = "submitted";
        public const string SavedType = "saved";
        public const string FailedType = "failed";

        /// <summary>The journal format's version, on the batch line.</summary>
        public const int CurrentVersion = 1;

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("at")]
        public DateTimeOffset? At { get; set; }

        // The batch line.
        [JsonPropertyName("version")]
        public int? Version { get; set; }

        [JsonPropertyName("batch")]
        public string? Batch { get; set; }

        [JsonPropertyName("service")]
        public string? Service { get; set; }

        [JsonPropertyName("source")]
        public string? Source { get; set; }

        /// <summary>The command's options that shape every item's request (its key), such as <c>--mode pro</c>; empty for none.</summary>
        [JsonPropertyName("options")]
        public string? Options { get; set; }

        // An item's lines.
        [JsonPropertyName("key")]
        public string? Key { get; set; }

        [JsonPropertyName("line")]
        public int? Line { get; set; }

        [JsonPropertyName("attempt")]
        public int? Attempt { get; set; }

        [JsonPropertyName("business_id")]
        public string? BusinessId { get; set; }

        [JsonPropertyName("task_id")]
        public string? TaskId { get; set; }

        [JsonPropertyName("mode")]
        public string? Mode { get; set; }

        [JsonPropertyName("duration")]
        public int? Duration { get; set; }

        [JsonPropertyName("out")]
        public string? Out { get; set; }

        [JsonPropertyName("bytes")]
        public long? Bytes { get; set; }

        [JsonPropertyName("reason")]
        public string? Reason { get; set; }
    }

    /// <summary>The journal's JSON, source-generated (trim- and AOT-safe).</summary>
    [JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(JournalRecord))]
    internal sealed partial class BatchJsonContext : JsonSerializerContext
    {
    }
}
