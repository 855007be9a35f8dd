using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Tests.Simulator
{
    /// <summary>Raw HTTP against a simulator with its key: what a client sees on the wire, headers included.</summary>
    internal static class SimulatorHttp
    {
        public const string GenerationsPath = "v1/videos/generations";

        public static Task<Answer> PostJsonAsync(KlingSimulator simulator, string path, string json)
            => SendAsync(simulator, HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"));

        public static Task<Answer> SubmitAsync(KlingSimulator simulator, JsonNode body)
            => PostJsonAsync(simulator, GenerationsPath, body.ToJsonString());

        public static Task<Answer> GetAsync(KlingSimulator simulator, string path)
            => SendAsync(simulator, HttpMethod.Get, path, null);

        private static async Task<Answer> SendAsync(KlingSimulator simulator, HttpMethod method, string path, HttpContent? content)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(method, new Uri(simulator.BaseAddress, path)) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Answer(response.StatusCode, response.Headers, text.Length == 0 ? null : JsonNode.Parse(text));
        }

        /// <summary>A status, the response headers and the JSON body (null when empty).</summary>
        public sealed record Answer(HttpStatusCode Status, HttpResponseHeaders Headers, JsonNode? Body)
        {
            public override string ToString() => $"{(int)Status} {Body?.ToJsonString()}";
        }
    }
}
