using System;
using System.Linq;
using System.Threading.Tasks;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>The webhook faults: lost, duplicated, late and wrongly signed deliveries, each against the README's receiver.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SimulatorWebhookFaultTests
    {
        [Fact]
        public async Task DuplicateDeliveries_SameEventTwice_ReplayStoreProcessesItOnce()
        {
            await using var rig = await WebhookRig.StartAsync();
            rig.Simulator.Faults.Webhooks.DuplicateDeliveries(1);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var first = await rig.Receiver.NextAsync();
            var copy = await rig.Receiver.NextAsync();
            var deliveries = await rig.DeliveriesAsync(2);

            Assert.Equal(first.EventId, copy.EventId);
            Assert.Equal(first.Body, copy.Body);
            Assert.Equal((200, 200), (first.Status, copy.Status));
            Assert.True(first.ProcessedNow);
            Assert.False(copy.ProcessedNow);
            Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Equal(new[] { false, true }, deliveries.Select(d => d.Duplicate));
            Assert.All(deliveries, d => Assert.Equal(1, d.Attempt));
        }

        [Fact]
        public async Task SignWithWrongSecret_ReceiverRefusesIt_TheRetryVerifies()
        {
            await using var rig = await WebhookRig.StartAsync();
            rig.Simulator.Faults.Webhooks.SignWithWrongSecret(1);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var refused = await rig.Receiver.NextAsync();
            await rig.DeliveriesAsync(1);
            rig.Clock.Advance(TimeSpan.FromSeconds(10));
            var accepted = await rig.Receiver.NextAsync();
            var deliveries = await rig.DeliveriesAsync(2);

            Assert.Equal(400, refused.Status);
            Assert.Null(refused.Event);
            Assert.Equal(200, accepted.Status);
            Assert.Equal(refused.EventId, accepted.EventId);
            Assert.Single(rig.Receiver.Videos.Finished);
            Assert.Equal(new[] { true, false }, deliveries.Select(d => d.WrongSignature));
            Assert.Equal(new[] { 1, 2 }, deliveries.Select(d => d.Attempt));
        }

        [Fact]
        public async Task Delay_TheEventIsCreatedWhenTheTaskEnds_AndDeliveredThatMuchLater()
        {
            await using var rig = await WebhookRig.StartAsync();
            rig.Simulator.Faults.Webhooks.Delay = TimeSpan.FromMinutes(5);
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var simulated = Assert.Single(rig.Simulator.Tasks);

            rig.AdvanceToEndOf(simulated);
            var evt = Assert.Single(rig.Simulator.Webhooks.Events);
            var delayTimer = rig.Clock.TimersStarted[^1];
            rig.Clock.Advance(TimeSpan.FromMinutes(5));
            var received = await rig.Receiver.NextAsync();
            var delivery = (await rig.DeliveriesAsync(1)).Single();

            Assert.Equal(TimeSpan.FromMinutes(5), delayTimer);
            Assert.Equal(rig.EndOf(simulated), evt.CreatedAt);
            Assert.Equal(evt.CreatedAt + TimeSpan.FromMinutes(5), delivery.At);
            Assert.Equal(200, received.Status);
            Assert.Equal(1, delivery.Attempt);
        }

        [Fact]
        public async Task DropDeliveries_TheEventNeverArrivesNorIsRetried_PollingStillFindsTheTask()
        {
            await using var rig = await WebhookRig.StartAsync();
            rig.Simulator.Faults.Webhooks.DropDeliveries(1);
            var lost = await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A lost cat"));
            rig.AdvanceToEndOf(rig.Simulator.Tasks[0]);
            var dropped = (await rig.DeliveriesAsync(1)).Single();

            // Two days: every retry the service could make has long passed. Then a second task's event is the first to arrive.
            rig.Clock.Advance(TimeSpan.FromDays(2));
            var next = await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A found cat"));
            rig.AdvanceToEndOf(rig.Simulator.Tasks[1]);
            var received = await rig.Receiver.NextAsync();

            Assert.True(dropped.Dropped);
            Assert.Null(dropped.Signature);
            Assert.Null(dropped.StatusCode);
            Assert.Equal(lost.Id, dropped.TaskId);
            Assert.Equal(next.Id, received.Event!.TaskId);
            Assert.Equal(2, (await rig.DeliveriesAsync(2)).Length);
            Assert.Equal(VideoTaskStatus.Completed, (await rig.Client.GetTaskAsync(lost.Id)).Status);
        }
    }
}
