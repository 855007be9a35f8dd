using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Readme
{
    /// <summary>
    /// The README's webhook path end to end: its endpoint ("## Webhooks") in a real app on loopback, fed by the simulator as
    /// the READMEs' webhook examples show; <see cref="ReadmeSnippetTests"/> fails when a README's text drifts from it.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class WebhookReadmeExampleTests
    {
        [Fact]
        public async Task SdkReadmeWebhookSection_Runs()
        {
            const string webhookSecret = "whsec_readme";
            var clock = new FakeTimeProvider();
            var videos = new Videos();
            await using var app = await StartEndpointAsync(webhookSecret, clock, videos);
            var receiverUrl = EndpointUrl(app);

            // README: README.md
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeProvider = clock,
                Webhook = new SimulatorWebhookOptions(receiverUrl, webhookSecret),   // http and loopback are fine here
            });
            using var client = simulator.CreateClient();

            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));            // the task ends: its signed generation.completed is posted
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));   // a hang guard, not a timing
            var delivery = (await simulator.Webhooks.WaitForDeliveriesAsync(1, guard.Token)).Single();
            Assert.Equal(200, delivery.StatusCode);            // verified, and ProcessOnceAsync ran your handler
            // README end

            var finished = Assert.Single(videos.Finished);
            Assert.Equal(generation.Id, finished.Id);
            Assert.Equal(VideoTaskStatus.Completed, finished.Status);
        }

        [Fact]
        public async Task TestingReadmeWebhookSection_Runs()
        {
            const string webhookSecret = "whsec_readme";
            var clock = new FakeTimeProvider();
            var videos = new Videos();
            await using var app = await StartEndpointAsync(webhookSecret, clock, videos);
            var receiverUrl = EndpointUrl(app);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));   // a hang guard, not a timing

            // README: KlingO1.Testing.README.md
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeProvider = clock,
                Webhook = new SimulatorWebhookOptions(receiverUrl, webhookSecret),   // your endpoint; http and loopback are fine
            });
            using var client = simulator.CreateClient();
            simulator.Faults.Webhooks.DuplicateDeliveries(1);   // at least once: the same event twice

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));             // the task ends: its signed generation.completed is posted
            var deliveries = await simulator.Webhooks.WaitForDeliveriesAsync(2, guard.Token);

            Assert.All(deliveries, d => Assert.Equal(200, d.StatusCode));
            Assert.Single(deliveries.Select(d => d.EventId).Distinct());
            Assert.Single(videos.Finished);                     // your replay store let it through once
            // README end
        }

        /// <summary>The app under test: the README's "## Webhooks" endpoint, its verifier on the simulator's clock.</summary>
        private static async Task<WebApplication> StartEndpointAsync(string webhookSecret, TimeProvider clock, Videos videos)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();

            // The 5-minute window is checked against the simulator's timestamps, so the verifier shares its clock.
            var verifier = new KlingWebhookVerifier(webhookSecret, timeProvider: clock);
            var replays = new InMemoryKlingWebhookReplayStore();

            // README: README.md
            app.MapPost("/kling/webhook", async (HttpRequest http) =>
            {
                KlingWebhookEvent evt;
                try
                {
                    evt = await verifier.VerifyAsync(
                        http.Headers[KlingWebhookVerifier.IdHeader], http.Headers[KlingWebhookVerifier.TimestampHeader],
                        http.Headers[KlingWebhookVerifier.SignatureHeader], http.Body, http.HttpContext.RequestAborted);
                }
                catch (KlingWebhookException)
                {
                    return Results.BadRequest();
                }

                // Runs the handler unless this event was processed before, and marks it processed only once the handler returns:
                // if it throws, the endpoint answers 500 and the service's retry is processed again. Only a video task's final
                // event carries e.Task; a console test (e.IsTest) or an image task's event is acknowledged and left alone.
                await replays.ProcessOnceAsync(evt, (e, ct) => e.Task is { } task ? videos.FinishAsync(task, ct) : Task.CompletedTask,
                    http.HttpContext.RequestAborted);
                return Results.Ok();
            });
            // README end
            await app.StartAsync();
            return app;
        }

        private static Uri EndpointUrl(WebApplication app)
            => new(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/kling/webhook");

        /// <summary>The README's <c>videos</c>: the application's own handling of a finished video task.</summary>
        private sealed class Videos
        {
            private readonly ConcurrentQueue<VideoTask> _finished = new();

            public VideoTask[] Finished => _finished.ToArray();

            public Task FinishAsync(VideoTask task, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _finished.Enqueue(task);
                return Task.CompletedTask;
            }
        }
    }
}
