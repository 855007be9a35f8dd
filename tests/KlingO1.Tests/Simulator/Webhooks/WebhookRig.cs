using System;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Testing.Lifecycle;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>A receiver, a simulator configured to deliver to it, and an SDK client of the simulator, all on one fake clock.</summary>
    internal sealed class WebhookRig : IAsyncDisposable
    {
        public const string Secret = "whsec_simulator_test";

        // A guard against a delivery that never comes; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

        private WebhookRig(ManualClock clock, WebhookReceiver receiver, KlingSimulator simulator, double timeScale)
        {
            TimeScale = timeScale;
            Clock = clock;
            Receiver = receiver;
            Simulator = simulator;
            Client = new KlingVideoClient(simulator.CreateClientOptions());
        }

        public ManualClock Clock { get; }

        public WebhookReceiver Receiver { get; }

        public KlingSimulator Simulator { get; }

        public KlingVideoClient Client { get; }

        /// <param name="configure">Changes the simulator's options (its webhook is already set) before it starts.</param>
        /// <param name="receiverSecret">The secret the receiver verifies with.</param>
        /// <param name="receiverPreviousSecret">A second secret the receiver accepts.</param>
        public static async Task<WebhookRig> StartAsync(
            Action<KlingSimulatorOptions>? configure = null, string receiverSecret = Secret, string? receiverPreviousSecret = null)
        {
            var clock = new ManualClock();
            var receiver = await WebhookReceiver.StartAsync(receiverSecret, clock, receiverPreviousSecret);
            var options = new KlingSimulatorOptions { TimeProvider = clock, Webhook = new SimulatorWebhookOptions(receiver.Url, Secret) };
            configure?.Invoke(options);
            var simulator = await KlingSimulator.StartAsync(options);
            return new WebhookRig(clock, receiver, simulator, options.TimeScale);
        }

        /// <summary>Gets when <paramref name="task"/> ends, completed or failed, by the simulator's clock.</summary>
        public DateTimeOffset EndOf(SimulatedTask task) => new TaskTimeline(task, TimeScale).EndsAt;

        /// <summary>Advances the clock exactly to the end of <paramref name="task"/>: its final event falls due.</summary>
        public void AdvanceToEndOf(SimulatedTask task) => Clock.Advance(EndOf(task) - Clock.GetUtcNow());

        /// <summary>Waits (with a hang guard) until the simulator has made <paramref name="count"/> delivery attempts in all.</summary>
        public async Task<SimulatorWebhookDelivery[]> DeliveriesAsync(int count)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            var all = await Simulator.Webhooks.WaitForDeliveriesAsync(count, guard.Token);
            return System.Linq.Enumerable.ToArray(all);
        }

        public double TimeScale { get; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Simulator.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
