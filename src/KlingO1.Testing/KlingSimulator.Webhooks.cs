namespace KlingO1.Testing
{
    /// <summary>The simulator's webhook deliveries.</summary>
    public sealed partial class KlingSimulator
    {
        /// <summary>
        /// Gets the webhook events, their delivery attempts, and the console's test event, redelivery and secret rotation.
        /// Events are delivered only when <see cref="KlingSimulatorOptions.Webhook"/> is set.
        /// </summary>
        public SimulatorWebhooks Webhooks => _state.WebhooksView;
    }
}
