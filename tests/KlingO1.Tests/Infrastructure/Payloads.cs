using System;
using System.IO;
using System.Text.Json.Nodes;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// The recorded service bodies (Payloads/Recorded in this project, copied as Payloads/name) and the documented
    /// examples (Payloads/Documented), beside the test assembly.
    /// </summary>
    internal static class Payloads
    {
        public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

        public static JsonNode Json(string name) => JsonNode.Parse(Read(name))!;

        /// <summary>One example of ToAPIs' documentation pages, as copied into Payloads/Documented.</summary>
        public static JsonNode Documented(string name) => Json(Path.Combine("Documented", name));
    }
}
