using System;
using System.Threading.Tasks;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>Secret rotation: for 24 hours both secrets sign, so a receiver still holding the previous one verifies.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SimulatorWebhookSecretTests
    {
        [Fact]
        public async Task RotateSecret_BothSignaturesSent_AReceiverWithOnlyThePreviousSecretVerifies()
        {
            // The receiver has not been told of the new secret yet.
            await using var rig = await WebhookRig.StartAsync(receiverSecret: WebhookRig.Secret);
            rig.Simulator.Webhooks.RotateSecret("whsec_rotated");
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var received = await rig.Receiver.NextAsync();
            var body = System.Text.Encoding.UTF8.GetBytes(received.Body);

            Assert.Equal(200, received.Status);
            Assert.Equal(
                KlingWebhookSigner.Sign("whsec_rotated", received.EventId, received.Timestamp, body) + ","
                    + KlingWebhookSigner.Sign(WebhookRig.Secret, received.EventId, received.Timestamp, body),
                received.Signature);
            Assert.Single(rig.Receiver.Videos.Finished);
        }

        [Fact]
        public async Task RotateSecret_After24Hours_OnlyTheNewSecretSigns()
        {
            await using var rig = await WebhookRig.StartAsync(receiverSecret: WebhookRig.Secret);
            rig.Simulator.Webhooks.RotateSecret("whsec_rotated");
            rig.Clock.Advance(TimeSpan.FromHours(24));
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var received = await rig.Receiver.NextAsync();

            Assert.Equal(KlingWebhookSigner.Sign("whsec_rotated", received.EventId, received.Timestamp, System.Text.Encoding.UTF8.GetBytes(received.Body)), received.Signature);
            Assert.Equal(400, received.Status);   // the old secret no longer verifies anything
        }

        [Fact]
        public async Task PreviousSecretAtStart_SignsToo_AReceiverWithOnlyItVerifies()
        {
            await using var rig = await WebhookRig.StartAsync(
                options => options.Webhook = new Testing.SimulatorWebhookOptions(options.Webhook!.Url, "whsec_new") { PreviousSecret = WebhookRig.Secret });
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var received = await rig.Receiver.NextAsync();

            Assert.Equal(200, received.Status);
            Assert.Equal(2, received.Signature.Split(',').Length);
        }

        [Fact]
        public async Task RotateSecret_Empty_Refused()
        {
            await using var rig = await WebhookRig.StartAsync();

            Assert.Throws<ArgumentException>(() => rig.Simulator.Webhooks.RotateSecret(" "));
        }
    }
}
