using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KlingO1.Transport.Wire;

namespace KlingO1.Transport
{
    /// <summary>Reads a task's <c>result</c> and <c>usage</c> in a status or submit answer.</summary>
    internal static class TaskResultReading
    {
        /// <summary>The first output that has a URL: the one the status page says to take (<c>result.data[0]</c>).</summary>
        public static TaskResultItemDto? FirstOutput(TaskResultDto? result)
            => result?.Data?.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d?.Url));

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
