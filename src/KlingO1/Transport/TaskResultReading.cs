using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>Reads a task's <c>result</c> and <c>usage</c>, shared by the status answer and the webhook event.</summary>
    internal static class TaskResultReading
    {
        /// <summary>The first output that has a URL: the one the status page says to take (<c>result.data[0]</c>).</summary>
        public static TaskResultItemDto? FirstOutput(TaskResultDto? result)
            => result?.Data?.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d?.Url));

        /// <exception cref="JsonException">The output's URL is not an absolute http(s) URL: a task must not look done without a usable video.</exception>
        public static Uri? VideoUrl(TaskResultItemDto? output, string? taskId)
        {
            if (output?.Url is null)
            {
                return null;
            }

            return HttpUrlOrNull(output.Url)
                ?? throw new JsonException($"Task {taskId} has a video URL that is not an absolute http(s) URL.");
        }

        /// <summary>An absolute http(s) URL, or null: for optional extras that must not fail the whole read.</summary>
        public static Uri? HttpUrlOrNull(string? text)
            => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? uri
                : null;

        /// <summary>Reads <c>usage.tool_usage</c>'s whole-number counts; any other shape of <c>usage</c> is ignored, not fatal.</summary>
        public static VideoTaskUsage? ToUsage(JsonElement? usage)
        {
            if (usage is not { ValueKind: JsonValueKind.Object } value)
            {
                return null;
            }

            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            if (value.TryGetProperty("tool_usage", out var tools) && tools.ValueKind == JsonValueKind.Object)
            {
                foreach (var tool in tools.EnumerateObject())
                {
                    if (tool.Value.ValueKind == JsonValueKind.Number && tool.Value.TryGetInt64(out var count))
                    {
                        counts[tool.Name] = count;
                    }
                }
            }

            return new VideoTaskUsage(counts);
        }
    }
}
