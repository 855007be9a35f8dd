using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>A submit's <c>callback_url</c>: refused without a configuration or off its origin, otherwise where the event goes.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SimulatorWebhookCallbackUrlTests
    {
        [Fact]
        public async Task CallbackUrl_WithoutAConfiguration_400WebhookNotConfigured_AsDocumented_NoTaskNotBilled()
        {
            // Exactly one clip's worth: had the refused submit been billed, the second would be refused too.
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { StartingBalance = 0.39m });

            var refused = await SimulatorHttp.SubmitAsync(simulator, Submit("https://hooks.example.com/kling"));
            var accepted = await SimulatorHttp.SubmitAsync(simulator, Submit(null));

            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("task-webhooks.cn.error-400-webhook-not-configured.response.json"), refused.Body), refused.ToString());
            Assert.Equal(HttpStatusCode.OK, accepted.Status);
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task CallbackUrl_WithoutAConfiguration_TheSdkReportsWebhookNotConfigured()
        {
            await using var simulator = await KlingSimulator.StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());

            var error = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.StartGenerationAsync(
                new VideoGenerationRequest("A cat") { CallbackUrl = new Uri("https://hooks.example.com/kling") }));

            Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
            Assert.Equal("webhook_not_configured", error.ErrorCode);
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [InlineData("https://hooks.example.com/kling/webhook")]   // another host (and scheme)
        [InlineData("http://localhost:{port}/kling/webhook")]       // another host name for the same machine
        [InlineData("http://127.0.0.1:{other}/kling/webhook")]      // another port
        [InlineData("https://127.0.0.1:{port}/kling/webhook")]      // another scheme
        [InlineData("http://user:pass@127.0.0.1:{port}/kling/webhook")]
        [InlineData("http://127.0.0.1:{port}/kling/webhook#part")]
        [InlineData("/kling/webhook")]
        public async Task CallbackUrl_OffTheConfiguredOrigin_400InvalidRequestNamingIt_NoTask(string callback)
        {
            await using var rig = await WebhookRig.StartAsync();
            var port = rig.Receiver.Url.Port;
            var url = callback.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{other}", (port == 65535 ? port - 1 : port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

            var answer = await SimulatorHttp.SubmitAsync(rig.Simulator, Submit(url));

            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("invalid_request", answer.Body!["error"]!["code"]!.GetValue<string>());
            Assert.Equal("callback_url", answer.Body["error"]!["param"]!.GetValue<string>());
            Assert.Empty(rig.Simulator.Tasks);
        }

        [Fact]
        public async Task CallbackUrl_OnTheConfiguredOrigin_TheEventGoesToItsPathAndQuery()
        {
            await using var rig = await WebhookRig.StartAsync();
            var callback = new Uri(rig.Receiver.BaseUrl, WebhookReceiver.OtherPath + "?order=42");

            var answer = await SimulatorHttp.SubmitAsync(rig.Simulator, Submit(callback.AbsoluteUri));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));
            var received = await rig.Receiver.NextAsync();

            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal(WebhookReceiver.OtherPath + "?order=42", received.PathAndQuery);
            Assert.Equal(200, received.Status);
            Assert.Equal(callback, Assert.Single(rig.Simulator.Webhooks.Events).Url);
            Assert.Single(rig.Receiver.All);   // and nothing to the configured URL
        }

        [Fact]
        public async Task Handler_DeliversThroughIt_SoAnSdkRequestCanNameAPublicHttpsCallback()
        {
            // The SDK accepts only public https callback URLs; through a handler, the simulator "reaches" one in memory.
            var clock = new ManualClock();
            await using var receiver = await WebhookReceiver.StartAsync(WebhookRig.Secret, clock);
            using var forward = new ForwardingHandler(receiver.BaseUrl);
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeProvider = clock,
                Webhook = new SimulatorWebhookOptions(new Uri("https://hooks.example.com/kling/webhook"), WebhookRig.Secret) { Handler = forward },
            });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());

            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A cat")
            {
                CallbackUrl = new Uri("https://hooks.example.com/other/hook?order=7"),
            });
            clock.Advance(TimeSpan.FromMinutes(2));
            var received = await receiver.NextAsync();

            Assert.Equal(new Uri("https://hooks.example.com/other/hook?order=7"), forward.LastRequested);
            Assert.Equal(WebhookReceiver.OtherPath + "?order=7", received.PathAndQuery);
            Assert.Equal(submitted.Id, Assert.Single(receiver.Videos.Finished).Id);
        }

        private static JsonNode Submit(string? callbackUrl)
        {
            var body = new JsonObject { ["model"] = "kling-video-o1", ["prompt"] = "A cat" };
            if (callbackUrl is not null)
            {
                body["callback_url"] = callbackUrl;
            }

            return body;
        }

        /// <summary>Sends every request to one local server, keeping its path and query; remembers the URL asked for.</summary>
        private sealed class ForwardingHandler : DelegatingHandler
        {
            private readonly Uri _target;

            public ForwardingHandler(Uri target)
                : base(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
            {
                _target = target;
            }

            public Uri? LastRequested { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                LastRequested = request.RequestUri;
                request.RequestUri = new Uri(_target, request.RequestUri!.PathAndQuery);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
