using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace KlingO1.Tests.Simulator
{
    /// <summary>Compares an answer with an example by shape: the same member names and kinds at every level, any values.</summary>
    internal static class JsonShape
    {
        public static void AssertSame(JsonNode? expected, JsonNode? actual, string path = "$")
        {
            // A JSON null reads as a null node: it matches only another null.
            if (expected is null || actual is null)
            {
                Assert.True(expected is null && actual is null, $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}");
            }
            else if (expected is JsonObject expectedObject)
            {
                var actualObject = Assert.IsType<JsonObject>(actual);
                var expectedKeys = expectedObject.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
                var actualKeys = actualObject.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal).ToArray();
                Assert.True(expectedKeys.SequenceEqual(actualKeys), $"{path}: expected keys {string.Join(",", expectedKeys)}, got {string.Join(",", actualKeys)}");
                foreach (var (key, value) in expectedObject)
                {
                    AssertSame(value, actualObject[key], path + "." + key);
                }
            }
            else if (expected is JsonArray expectedArray)
            {
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertSame(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }
            }
            else
            {
                Assert.Equal(expected.GetValueKind(), actual.GetValueKind());
            }
        }
    }
}
