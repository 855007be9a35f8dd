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

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>
    /// The README's webhook path end to end: its endpoint ("## Webhooks") verbatim in a real app, fed by the simulator as its
    /// "### Webhooks from the simulator" example shows, so neither can drift from what runs.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class ReadmeWebhookExampleTests
    {
        [Fact]
        public async Task ReadmeWebhookExample_Runs()
        {
            const string webhookSecret = "whsec_readme";
            var videos = new Videos();

            var clock = new FakeTimeProvider();
            var verifier = new KlingWebhookVerifier(webhookSecret, timeProvider: clock);   // its 5-minute window on the simulator's clock
            var replays = new InMemoryKlingWebhookReplayStore();

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            await using var app = builder.Build();

            // The README's "## Webhooks" endpoint, verbatim.
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
            await app.StartAsync();
            var receiverUrl = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/kling/webhook");

            // The README's "### Webhooks from the simulator" example, verbatim.
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeProvider = clock,
                Webhook = new SimulatorWebhookOptions(receiverUrl, webhookSecret),   // http and loopback are fine here
            });
            using var client = new KlingVideoClient(simulator.CreateClientOptions());

            var task = await client.SubmitAsync(new VideoGenerationRequest("A cat"));
            clock.Advance(TimeSpan.FromMinutes(2));            // the task ends: its signed generation.completed is posted
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));   // a hang guard, not a timing
            var delivery = (await simulator.Webhooks.WaitForDeliveriesAsync(1, guard.Token)).Single();
            Assert.Equal(200, delivery.StatusCode);            // verified, and ProcessOnceAsync ran your handler

            var finished = Assert.Single(videos.Finished);
            Assert.Equal(task.Id, finished.Id);
            Assert.Equal(VideoTaskStatus.Completed, finished.Status);
        }

        /// <summary>The README's <c>videos</c>: the application's own handling of a finished video task.</summary>
        private sealed class Videos
        {
            private readonly ConcurrentQueue<VideoTask> _finished = new();

            public VideoTask[] Finished => _finished.ToArray();

            public Task FinishAsync(VideoTask task, CancellationToken cancellationToken)
            {
                _finished.Enqueue(task);
                return Task.CompletedTask;
            }
        }
    }
}
