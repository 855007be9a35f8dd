using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>
    /// The README's webhook path end to end: an SDK submit to the simulator, the task ends on the fake clock, and a real
    /// receiver verifies the signed event and acts on its task; then the service's delivery rules around it.
    /// </summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SimulatorWebhookDeliveryTests
    {
        [Fact]
        public async Task TaskCompletes_ReceiverVerifiesGenerationCompleted_ItsTaskIsTheVideoAndDownloads()
        {
            await using var rig = await WebhookRig.StartAsync();
            var submitted = await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat playing piano") { ClientBusinessId = "order_123" });

            rig.Clock.Advance(TimeSpan.FromMinutes(2));
            var received = await rig.Receiver.NextAsync();

            Assert.Equal(200, received.Status);
            Assert.True(received.ProcessedNow);
            Assert.Equal(KlingWebhookEvent.CompletedType, received.Event!.Type);
            Assert.Equal("order_123", received.Event.ClientBusinessId);
            var task = Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Equal(submitted.Id, task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri(rig.Simulator.BaseAddress, "files/videos/" + submitted.Id + "/output.mp4"), task.VideoUrl);

            using var video = new MemoryStream();
            await rig.Client.DownloadVideoAsync(task, video);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), video.ToArray());
        }

        [Fact]
        public async Task InMemorySimulator_DeliversToo_TheTaskDownloadsThroughItsHandler()
        {
            var clock = new ManualClock();
            await using var receiver = await WebhookReceiver.StartAsync(WebhookRig.Secret, clock);
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions
            {
                TimeProvider = clock,
                Webhook = new SimulatorWebhookOptions(receiver.Url, WebhookRig.Secret),
            });
            using var client = simulator.CreateClient();
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            clock.Advance(TimeSpan.FromMinutes(2));
            var received = await receiver.NextAsync();

            Assert.Equal(200, received.Status);
            var task = Assert.Single(receiver.Videos.Finished);
            Assert.Equal(submitted.Id, task.Id);
            using var video = new MemoryStream();
            await client.DownloadVideoAsync(task, video);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), video.ToArray());
        }

        [Fact]
        public async Task TaskCompletes_DeliveryCarriesTheServiceHeaders()
        {
            await using var rig = await WebhookRig.StartAsync();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var simulated = Assert.Single(rig.Simulator.Tasks);

            rig.AdvanceToEndOf(simulated);
            var received = await rig.Receiver.NextAsync();

            var evt = Assert.Single(rig.Simulator.Webhooks.Events);
            Assert.Equal("ToAPIs-Webhook/1.0", received.UserAgent);
            Assert.Equal(evt.Id, received.EventId);
            Assert.StartsWith("evt_", evt.Id, StringComparison.Ordinal);
            Assert.Equal(rig.EndOf(simulated).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
            Assert.Equal(KlingWebhookSigner.Sign(WebhookRig.Secret, evt.Id, received.Timestamp, System.Text.Encoding.UTF8.GetBytes(received.Body)), received.Signature);
            Assert.Equal(evt.Body, received.Body);
            Assert.Equal(WebhookReceiver.Path, received.PathAndQuery);
        }

        [Fact]
        public async Task FailurePrompt_ReceiverGetsGenerationFailed_ItsTaskIsFailedWithTheError()
        {
            await using var rig = await WebhookRig.StartAsync();
            var submitted = await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat [fail]"));

            rig.Clock.Advance(TimeSpan.FromMinutes(2));
            var received = await rig.Receiver.NextAsync();

            Assert.Equal(200, received.Status);
            Assert.Equal(KlingWebhookEvent.FailedType, received.Event!.Type);
            Assert.Equal("FAILURE", received.Event.Status);
            var task = Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Equal(submitted.Id, task.Id);
            Assert.Equal(VideoTaskStatus.Failed, task.Status);
            Assert.Equal("generation_failed", task.Error!.Code);
        }

        [Fact]
        public async Task ReceiverAnswers500_RetriedAfter10Then30SecondsScaled_SameEventId_ProcessedOnce()
        {
            await using var rig = await WebhookRig.StartAsync(options => options.TimeScale = 10);
            rig.Receiver.FailProcessing(2);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            Assert.Equal(500, (await rig.Receiver.NextAsync()).Status);
            await rig.DeliveriesAsync(1);
            Assert.Equal(TimeSpan.FromSeconds(1), rig.Clock.TimersStarted[^1]);   // 10 s at ten times the pace
            rig.Clock.Advance(TimeSpan.FromSeconds(1));

            Assert.Equal(500, (await rig.Receiver.NextAsync()).Status);
            await rig.DeliveriesAsync(2);
            Assert.Equal(TimeSpan.FromSeconds(3), rig.Clock.TimersStarted[^1]);   // 30 s
            rig.Clock.Advance(TimeSpan.FromSeconds(3));

            var third = await rig.Receiver.NextAsync();
            var deliveries = await rig.DeliveriesAsync(3);

            Assert.Equal(200, third.Status);
            Assert.True(third.ProcessedNow);
            Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Equal(new[] { 1, 2, 3 }, deliveries.Select(d => d.Attempt));
            Assert.Equal(new int?[] { 500, 500, 200 }, deliveries.Select(d => d.StatusCode));
            Assert.Single(deliveries.Select(d => d.EventId).Distinct());
            Assert.Single(rig.Receiver.All.Select(r => r.EventId).Distinct());
            Assert.Single(rig.Receiver.All.Select(r => r.Body).Distinct());
            Assert.Equal(TimeSpan.FromSeconds(1), deliveries[1].At - deliveries[0].At);
            Assert.Equal(TimeSpan.FromSeconds(3), deliveries[2].At - deliveries[1].At);
        }

        [Fact]
        public async Task ReceiverAlwaysFails_RetriedOnTheServiceScheduleThenGivenUp()
        {
            // A timeout unlike any retry wait, to tell its timers (one per attempt) from the retries'.
            var timeout = TimeSpan.FromSeconds(7);
            await using var rig = await WebhookRig.StartAsync(options => options.Webhook!.Timeout = timeout);
            rig.Receiver.FailProcessing(int.MaxValue);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var waits = new[] { "00:00:10", "00:00:30", "00:02:00", "00:10:00", "01:00:00", "06:00:00", "1.00:00:00" }
                .Select(t => TimeSpan.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var timersBefore = 0;
            for (var attempt = 1; attempt <= waits.Length; attempt++)
            {
                await rig.Receiver.NextAsync();
                await rig.DeliveriesAsync(attempt);
                Assert.Equal(waits[attempt - 1], rig.Clock.TimersStarted[^1]);
                timersBefore = rig.Clock.TimersStarted.Count(t => t != timeout);
                rig.Clock.Advance(waits[attempt - 1]);
            }

            await rig.Receiver.NextAsync();
            var deliveries = await rig.DeliveriesAsync(8);

            Assert.Equal(8, deliveries.Length);
            Assert.Equal(8, deliveries[^1].Attempt);
            Assert.All(deliveries, d => Assert.Equal(500, d.StatusCode));
            Assert.Equal(timersBefore, rig.Clock.TimersStarted.Count(t => t != timeout));   // no ninth attempt is scheduled
            Assert.Empty(rig.Receiver.Videos.Finished);
        }

        [Fact]
        public async Task ReceiverRedirects_NotFollowed_CountsAsFailedAndIsRetried()
        {
            await using var rig = await WebhookRig.StartAsync();
            rig.Receiver.Redirect(1);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var first = (await rig.DeliveriesAsync(1)).Single();

            Assert.Equal(302, first.StatusCode);
            Assert.False(first.Succeeded);
            Assert.Equal(new[] { WebhookReceiver.Path }, rig.Receiver.All.Select(r => r.PathAndQuery));   // "/redirected" never asked for
            Assert.Equal(302, (await rig.Receiver.NextAsync()).Status);
            rig.Clock.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(200, (await rig.Receiver.NextAsync()).Status);
        }

        [Fact]
        public async Task ReceiverDoesNotAnswerWithinTheTimeout_CountsAsFailedAndIsRetried()
        {
            // An hour, so only the simulator's clock can reach it within the test's hang guard.
            await using var rig = await WebhookRig.StartAsync(options => options.Webhook!.Timeout = TimeSpan.FromHours(1));
            rig.Receiver.Hang();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));
            await rig.Receiver.ArrivedAsync();

            // The timeout is on the simulator's clock: it passes while the receiver holds the request.
            rig.Clock.Advance(TimeSpan.FromHours(1));
            var first = (await rig.DeliveriesAsync(1)).Single();
            var retryWait = rig.Clock.TimersStarted[^1];
            var givenUp = await rig.Receiver.NextAsync();   // the receiver sees the simulator hang up
            rig.Receiver.StopHanging();
            rig.Clock.Advance(TimeSpan.FromSeconds(10));
            var retry = await rig.Receiver.NextAsync();

            Assert.Null(first.StatusCode);
            Assert.False(first.Succeeded);
            Assert.Contains("No answer within 3600 s", first.Error, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.FromSeconds(10), retryWait);
            Assert.Equal(0, givenUp.Status);
            Assert.Equal(200, retry.Status);
            Assert.Single(rig.Receiver.Videos.Finished);
        }

        [Fact]
        public async Task Redeliver_SameIdAndBody_FreshTimestampAndSignature_NotProcessedAgain()
        {
            await using var rig = await WebhookRig.StartAsync();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));
            var first = await rig.Receiver.NextAsync();
            await rig.DeliveriesAsync(1);   // answered, before the clock moves on
            rig.Clock.Advance(TimeSpan.FromMinutes(1));

            var redelivery = await rig.Simulator.Webhooks.RedeliverAsync(first.EventId);
            var again = await rig.Receiver.NextAsync();

            Assert.Equal(0, redelivery.Attempt);
            Assert.Equal(200, redelivery.StatusCode);
            Assert.Equal(first.EventId, again.EventId);
            Assert.Equal(first.Body, again.Body);
            Assert.Equal(long.Parse(first.Timestamp, System.Globalization.CultureInfo.InvariantCulture) + 60, long.Parse(again.Timestamp, System.Globalization.CultureInfo.InvariantCulture));
            Assert.NotEqual(first.Signature, again.Signature);
            Assert.True(first.ProcessedNow);
            Assert.False(again.ProcessedNow);
            Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Single(rig.Simulator.Webhooks.Events);
        }

        [Fact]
        public async Task Redeliver_UnknownEvent_Throws()
        {
            await using var rig = await WebhookRig.StartAsync();

            await Assert.ThrowsAsync<ArgumentException>(() => rig.Simulator.Webhooks.RedeliverAsync("evt_nope"));
        }

        [Fact]
        public async Task SendTestEvent_ReceiverAcknowledgesIt_ActsOnNothing()
        {
            await using var rig = await WebhookRig.StartAsync();

            var delivery = await rig.Simulator.Webhooks.SendTestEventAsync();
            var received = await rig.Receiver.NextAsync();

            Assert.Equal(200, delivery.StatusCode);
            Assert.Equal(0, delivery.Attempt);
            Assert.Equal(KlingWebhookEvent.TestType, delivery.EventType);
            Assert.True(received.Event!.IsTest);
            Assert.Null(received.Event.Task);
            Assert.Empty(rig.Receiver.Videos.Finished);
        }

        [Fact]
        public async Task Disposed_BeforeTheTaskEnds_NothingIsCreatedOrSent()
        {
            var rig = await WebhookRig.StartAsync();
            await using var receiver = rig.Receiver;
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var simulated = Assert.Single(rig.Simulator.Tasks);

            rig.Client.Dispose();
            await rig.Simulator.DisposeAsync();
            rig.AdvanceToEndOf(simulated);
            rig.Clock.Advance(TimeSpan.FromDays(2));

            // The event is entered as its timer fires, inside Advance: none means no timer fired.
            Assert.Empty(rig.Simulator.Webhooks.Events);
            Assert.Empty(rig.Simulator.Webhooks.Deliveries);
            Assert.Empty(rig.Receiver.All);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => rig.Simulator.Webhooks.SendTestEventAsync());
        }

        [Fact]
        public async Task Disposed_WhileADeliveryIsInFlight_StopsItWithoutHangingOrRetrying()
        {
            var rig = await WebhookRig.StartAsync();
            await using var receiver = rig.Receiver;
            rig.Receiver.Hang();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));
            await rig.Receiver.ArrivedAsync();
            var timersBefore = rig.Clock.TimersStarted.Length;

            rig.Client.Dispose();
            await rig.Simulator.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            rig.Clock.Advance(TimeSpan.FromDays(2));

            Assert.Single(rig.Simulator.Webhooks.Events);
            Assert.Empty(rig.Simulator.Webhooks.Deliveries);   // cancelled, not a failed attempt
            Assert.Equal(timersBefore, rig.Clock.TimersStarted.Length);   // and no retry
        }
    }
}
