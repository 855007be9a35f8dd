using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KlingO1.Tests.Conformance
{
    /// <summary>
    /// Every JSON example of ToAPIs' pages for this model (Payloads/Documented, listed in its manifest) run through the
    /// SDK: submit bodies produced, answers and webhook events read. An example the SDK does not reproduce must be listed
    /// in <see cref="KnownDifferences"/> with the reason; fixing one fails its test until it is taken off the list.
    /// The field tables and rule lists (the manifest's non-verbatim entries) are covered by the rule tests, not here.
    /// </summary>
    public sealed class DocumentedExamplesTests
    {
        private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal);

        private readonly ITestOutputHelper _output;

        public DocumentedExamplesTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string> Examples()
        {
            var data = new TheoryData<string>();
            foreach (var file in ExampleFiles())
            {
                data.Add(file);
            }

            return data;
        }

        private static List<string> ExampleFiles()
            => Manifest().Where(e => e["verbatim"]!.GetValue<bool>() || IsBodyTranscription(e)).Select(e => e["file"]!.GetValue<string>()).ToList();

        [Theory]
        [MemberData(nameof(Examples))]
        public async Task Example_IsReproducedByTheSdk(string file)
        {
            var difference = await DifferenceAsync(file);

            if (KnownDifferences.TryGetValue(file, out var reason))
            {
                Assert.True(difference is not null, $"{file} is reproduced now: take it off KnownDifferences ({reason}).");
                _output.WriteLine($"{file}: known difference ({reason}): {difference}");
            }
            else
            {
                Assert.True(difference is null, $"{file}: {difference}");
            }
        }

        [Fact]
        public async Task Count_OfDocumentedExamplesReproduced()
        {
            var files = ExampleFiles();
            var reproduced = 0;
            foreach (var file in files)
            {
                if (await DifferenceAsync(file) is null)
                {
                    reproduced++;
                }
            }

            _output.WriteLine($"{reproduced} of {files.Count} documented examples reproduced");
            Assert.Equal(41, files.Count);
            Assert.Equal(files.Count - KnownDifferences.Count, reproduced);
        }

        private static async Task<string?> DifferenceAsync(string file)
        {
            var entry = Manifest().Single(e => e["file"]!.GetValue<string>() == file);
            var text = Payloads.Read("Documented/" + file);
            return entry["direction"]!.GetValue<string>() switch
            {
                "request" => await DocumentedRequests.DifferenceAsync(JsonNode.Parse(text)!.AsObject()),
                "webhook" => DocumentedWebhooks.Difference(text),
                _ => await DocumentedResponses.DifferenceAsync(file, JsonNode.Parse(text)!.AsObject(), entry["status"]!.GetValue<int>()),
            };
        }

        // The Python and JavaScript examples are bodies written as code literals: bodies all the same.
        private static bool IsBodyTranscription(JsonNode entry)
            => entry["note"]?.GetValue<string>() is { } note && note.StartsWith("transcribed from a", StringComparison.Ordinal) && note.EndsWith("literal", StringComparison.Ordinal);

        private static IEnumerable<JsonNode> Manifest() => Payloads.Documented("manifest.json").AsArray().Select(e => e!);
    }
}
