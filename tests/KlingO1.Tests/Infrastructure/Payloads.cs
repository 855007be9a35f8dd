using System;
using System.IO;
using System.Text.Json.Nodes;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>The recorded service bodies (Payloads/Recorded in this project), copied beside the test assembly.</summary>
    internal static class Payloads
    {
        public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

        public static JsonNode Json(string name) => JsonNode.Parse(Read(name))!;
    }
}
