using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Samples
{
    /// <summary>The WebApi sample driven over HTTP, on the simulator (no key configured), on a loopback port.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class WebApiTests
    {
        private const string Secret = "whsec_webapi_test";

        [Fact]
        public async Task PostVideo_NoWebhook_FinishesByPollingWithAVideoUrl()
        {
            await using var app = await StartAsync("100");
            using var http = Client(app);

            var job = await PostAsync(http, "{\"prompt\":\"A cat playing piano\"}");
            var done = await UntilAsync(http, job, state => state is "completed" or "failed");

            Assert.Equal("completed", done["state"]!.GetValue<string>());
            Assert.Equal("polling", done["finishedBy"]!.GetValue<string>());
            Assert.EndsWith("/output.mp4", done["videoUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task PostVideo_VerifiedWebhookArrives_FinishesByWebhook()
        {
            await using var app = await StartAsync("1");   // real-time simulator: polling would take a minute
            using var http = Client(app);
            var job = await PostAsync(http, "{\"prompt\":\"A cat playing piano\",\"mode\":\"pro\"}");
            var submitted = await UntilAsync(http, job, state => state == "submitted");
            var taskId = submitted["taskId"]!.GetValue<string>();

            using var forged = await PostWebhookAsync(http, job, taskId, "whsec_wrong");
            using var delivered = await PostWebhookAsync(http, job, taskId, Secret);
            var done = await UntilAsync(http, job, state => state is "completed" or "failed");

            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
            Assert.Equal("completed", done["state"]!.GetValue<string>());
            Assert.Equal("webhook", done["finishedBy"]!.GetValue<string>());
            Assert.Equal("https://files.example.com/" + taskId + ".mp4", done["videoUrl"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("{\"prompt\":\"\"}")]
        [InlineData("{\"prompt\":\"A cat\",\"mode\":\"ultra\"}")]
        [InlineData("{\"prompt\":\"A cat\",\"duration\":11}")]
        [InlineData("{\"prompt\":\"The <<<image_1>>> cat\"}")]
        public async Task PostVideo_BadRequest_RefusedAt400(string body)
        {
            await using var app = await StartAsync("1");
            using var http = Client(app);

            using var response = await http.PostAsync("/videos", new StringContent(body, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task GetVideo_Unknown_404()
        {
            await using var app = await StartAsync("1");
            using var http = Client(app);

            using var response = await http.GetAsync("/videos/job_nope");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        private static async Task<WebApplication> StartAsync(string timeScale)
        {
            var app = await WebApiApp.BuildAsync(new[]
            {
                "--urls", "http://127.0.0.1:0", "--KlingO1:ApiKey=", "--Simulator:TimeScale=" + timeScale, "--Webhook:Secret=" + Secret,
                "--Logging:LogLevel:Default=Warning",
            });
            await app.StartAsync();
            return app;
        }

        private static HttpClient Client(WebApplication app)
            => new() { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        private static async Task<string> PostAsync(HttpClient http, string body)
        {
            using var response = await http.PostAsync("/videos", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        }

        private static async Task<JsonNode> UntilAsync(HttpClient http, string job, Func<string, bool> reached)
        {
            // A guard against hanging, not a timing: the sample runs on its own (real) clock.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var state = (await http.GetFromJsonAsync<JsonNode>("/videos/" + job, guard.Token))!;
                if (reached(state["state"]!.GetValue<string>()))
                {
                    return state;
                }

                await Task.Yield();
            }
        }

        private static Task<HttpResponseMessage> PostWebhookAsync(HttpClient http, string job, string taskId, string secret)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var eventId = "evt_" + Guid.NewGuid().ToString("N");
            var body = $"{{\"id\":\"{eventId}\",\"type\":\"generation.completed\",\"api_version\":\"v1\",\"created_at\":{now},\"data\":{{\"task_id\":\"{taskId}\","
                + $"\"client_business_id\":\"{job}\",\"task_type\":\"video\",\"model\":\"kling-video-o1\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                + $"\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/{taskId}.mp4\"}}]}},\"error\":null,\"submitted_at\":{now},\"finished_at\":{now}}}}}";
            using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
            var signature = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(eventId + "." + now + "." + body))).ToLowerInvariant();
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kling") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(KlingWebhookVerifier.IdHeader, eventId);
            request.Headers.Add(KlingWebhookVerifier.TimestampHeader, now);
            request.Headers.Add(KlingWebhookVerifier.SignatureHeader, "v1=" + signature);
            return http.SendAsync(request);
        }
    }
}
