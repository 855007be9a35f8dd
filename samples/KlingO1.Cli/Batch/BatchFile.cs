using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Options;
using KlingO1.Cli.Requests;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// Reads a batch file: one prompt a line, or a JSON object a line with the item's own options. Blank lines and lines
    /// that start with # are skipped. A line that cannot be read stops the batch before anything is submitted.
    /// </summary>
    internal static class BatchFile
    {
        /// <summary>The largest batch file read (4 MiB: thousands of prompts); a larger one is refused before it is read.</summary>
        public const long MaxFileBytes = 4 * 1024 * 1024;

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>The fields a JSON line may have, as the file format documents them.</summary>
        public static readonly string[] Fields =
        {
            "prompt", "mode", "duration", "aspect", "out", "images", "first_frame", "end_frame", "elements", "video", "video_type",
        };

        /// <exception cref="CliUsageException">The file is missing, empty, or has a line that cannot be read.</exception>
        public static IReadOnlyList<BatchItem> Read(string path, BatchDefaults defaults)
        {
            var lines = ReadLines(path);

            var items = new List<BatchItem>();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                var text = lines[i].Trim();
                if (text.Length == 0 || text[0] == '#')
                {
                    continue;
                }

                var where = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} line {i + 1}");
                var (spec, output) = text[0] == '{' ? ReadJson(text, defaults, where) : (Plain(text, defaults), null);
                var fingerprint = BatchKeys.Fingerprint(spec);
                occurrences[fingerprint] = occurrences.GetValueOrDefault(fingerprint) + 1;
                items.Add(new BatchItem(items.Count + 1, i + 1, spec, output, BatchKeys.Key(spec, occurrences[fingerprint])));
            }

            return items.Count > 0
                ? items
                : throw new CliUsageException($"{path} has no prompts: write one a line, or a JSON object a line such as {{\"prompt\": \"A cat\", \"mode\": \"pro\"}}.");
        }

        /// <summary>
        /// Reads the file's lines, refusing what is not a batch file before any of it becomes a (billed) prompt: a file over
        /// <see cref="MaxFileBytes"/> is not read at all, and one with a NUL byte or bytes that are not UTF-8 (an image, a
        /// video, a zip given by mistake) is refused whole.
        /// </summary>
        private static string[] ReadLines(string path)
        {
            byte[] content;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                if (stream.Length > MaxFileBytes)
                {
                    throw new CliUsageException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{path} is too large for a batch file ({stream.Length:N0} bytes; at most {MaxFileBytes / (1024 * 1024)} MiB): is it the prompts file? Split it into several batches."));
                }

                content = new byte[stream.Length];
                stream.ReadExactly(content);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"Cannot read {path}: {ex.Message}");
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(content);
            }
            catch (DecoderFallbackException)
            {
                throw new CliUsageException($"{path} is not a text file (it is not UTF-8): a batch file holds one prompt, or one JSON object, a line.");
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new CliUsageException($"{path} is not a text file (it has NUL bytes): a batch file holds one prompt, or one JSON object, a line.");
            }

            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            var lines = new List<string>();
            using var reader = new StringReader(text);
            while (reader.ReadLine() is { } line)
            {
                lines.Add(line);
            }

            return lines.ToArray();
        }

        private static RequestSpec Plain(string prompt, BatchDefaults defaults)
            => new() { Prompt = prompt, Mode = defaults.Mode, Duration = defaults.Duration, AspectRatio = defaults.AspectRatio };

        private static (RequestSpec Spec, string? Out) ReadJson(string line, BatchDefaults defaults, string where)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new CliUsageException($"{where}: not a JSON object ({ex.Message.Split(". ")[0]}).");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliUsageException($"{where}: not a JSON object.");
                }

                string? prompt = null, output = null, first = null, end = null, video = null;
                VideoMode? mode = defaults.Mode;
                VideoDuration? duration = defaults.Duration;
                AspectRatio? aspect = defaults.AspectRatio;
                var videoType = ReferenceVideoType.Feature;
                IReadOnlyList<string> images = Array.Empty<string>(), elements = Array.Empty<string>();
                foreach (var field in document.RootElement.EnumerateObject())
                {
                    var value = field.Value;
                    switch (field.Name)
                    {
                        case "prompt":
                            prompt = Text(value, field.Name, where);
                            break;
                        case "mode":
                            mode = Pick(Choices.Modes, Text(value, field.Name, where), "mode", where);
                            break;
                        case "duration":
                            var seconds = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Text(value, field.Name, where);
                            duration = Pick(Choices.Durations, seconds, "duration", where, Choices.DurationRange() + " seconds");
                            break;
                        case "aspect" or "aspect_ratio":
                            aspect = Pick(Choices.AspectRatios, Text(value, field.Name, where), "aspect ratio", where);
                            break;
                        case "out":
                            output = Text(value, field.Name, where);
                            break;
                        case "images" or "image":
                            images = List(value, field.Name, where);
                            break;
                        case "first_frame":
                            first = Text(value, field.Name, where);
                            break;
                        case "end_frame":
                            end = Text(value, field.Name, where);
                            break;
                        case "elements" or "element":
                            elements = List(value, field.Name, where);
                            break;
                        case "video":
                            video = Text(value, field.Name, where);
                            break;
                        case "video_type":
                            videoType = Pick(Choices.VideoTypes, Text(value, field.Name, where), "video type", where);
                            break;
                        default:
                            // A misspelt field silently dropped would bill a video without it.
                            throw new CliUsageException($"{where}: unknown field \"{field.Name}\" (the fields are {string.Join(", ", Fields)}).");
                    }
                }

                if (string.IsNullOrWhiteSpace(prompt))
                {
                    throw new CliUsageException($"{where}: the object has no \"prompt\".");
                }

                var spec = new RequestSpec
                {
                    Prompt = prompt,
                    Mode = mode,
                    Duration = duration,
                    AspectRatio = aspect,
                    Images = images,
                    FirstFrame = first,
                    EndFrame = end,
                    Elements = elements,
                    Video = video,
                    VideoType = videoType,
                };
                return (spec, output);
            }
        }

        private static string Text(JsonElement value, string field, string where)
            => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
                ? text
                : throw new CliUsageException($"{where}: \"{field}\" must be a non-empty string.");

        private static IReadOnlyList<string> List(JsonElement value, string field, string where)
            => value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Select(v => Text(v, field, where)).ToList()
                : new[] { Text(value, field, where) };

        private static T Pick<T>(IReadOnlyList<Choice<T>> choices, string word, string noun, string where, string? accepted = null)
            => Choices.Find(choices, word) is { } choice
                ? choice.Value
                : throw new CliUsageException($"{where}: Unknown {noun} \"{word}\": use {accepted ?? Choices.Words(choices)}.");
    }
}
