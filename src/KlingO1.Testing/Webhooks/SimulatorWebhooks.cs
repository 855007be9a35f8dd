using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing.Webhooks;

namespace KlingO1.Testing
{
    /// <summary>
    /// The simulator's webhooks (configured with <see cref="KlingSimulatorOptions.Webhook"/>): the events it created, every
    /// delivery attempt, and what the ToAPIs console offers: a test event, a redelivery and a secret rotation.
    /// </summary>
    /// <remarks>
    /// <para>
    /// When a task ends, by the simulator's clock, its <c>generation.completed</c> or <c>generation.failed</c> event is
    /// posted, signed as the service signs it, to the submit's <c>callback_url</c> or else the configured URL. Only a
    /// 2xx answer is a success; any other answer, a redirect, an error or no answer within
    /// <see cref="SimulatorWebhookOptions.Timeout"/> is retried after 10 s, 30 s, 2 min, 10 min, 1 h, 6 h and 24 h,
    /// each divided by <see cref="KlingSimulatorOptions.TimeScale"/>, then given up. Every attempt carries the same event
    /// id and body, with a fresh timestamp and signature.
    /// </para>
    /// <para>
    /// With a fake clock, advancing it past a task's end fires the delivery, which then runs in the background: wait for
    /// it at the receiver, or with <see cref="WaitForDeliveriesAsync"/> (which returns only after any retry is armed, so
    /// advancing the clock then reaches it). Faults are on <see cref="SimulatorFaults.Webhooks"/>. Thread-safe.
    /// </para>
    /// </remarks>
    public sealed class SimulatorWebhooks
    {
        private readonly WebhookDispatcher _dispatcher;

        internal SimulatorWebhooks(WebhookDispatcher dispatcher) => _dispatcher = dispatcher;

        /// <summary>Gets the events created so far, oldest first: tasks' final events and test events.</summary>
        public IReadOnlyList<SimulatorWebhookEvent> Events => _dispatcher.Log.Events;

        /// <summary>Gets every delivery attempt so far, oldest first, with the receiver's answer.</summary>
        public IReadOnlyList<SimulatorWebhookDelivery> Deliveries => _dispatcher.Log.Deliveries;

        /// <summary>
        /// Waits until at least <paramref name="count"/> delivery attempts have been made (any retry they call for is
        /// already scheduled), and returns all of them.
        /// </summary>
        /// <param name="count">How many attempts, in all, to wait for.</param>
        /// <param name="cancellationToken">Stops waiting; use one with a timeout as a guard against a delivery that never comes.</param>
        /// <returns>Every attempt so far, oldest first.</returns>
        public Task<IReadOnlyList<SimulatorWebhookDelivery>> WaitForDeliveriesAsync(int count, CancellationToken cancellationToken = default)
            => _dispatcher.Log.WaitForDeliveriesAsync(count, cancellationToken);

        /// <summary>
        /// Rotates the signing secret, as the console does: deliveries are signed with <paramref name="newSecret"/>, and for
        /// the next 24 hours (divided by the time scale) also with the secret it replaces
        /// (<c>v1=&lt;new&gt;,v1=&lt;previous&gt;</c>).
        /// </summary>
        /// <param name="newSecret">The new secret.</param>
        /// <exception cref="ArgumentException"><paramref name="newSecret"/> is empty.</exception>
        /// <exception cref="InvalidOperationException">Webhooks are not configured.</exception>
        public void RotateSecret(string newSecret) => _dispatcher.RotateSecret(newSecret);

        /// <summary>
        /// Sends the console's <c>endpoint.test</c> event to the configured URL, once: no faults, no retries. Its body is
        /// the webhooks page's test event (task <c>endpoint_test</c>, type <c>image</c>).
        /// </summary>
        /// <param name="cancellationToken">Cancels the send.</param>
        /// <returns>The attempt (its <see cref="SimulatorWebhookDelivery.Attempt"/> is 0), with the receiver's answer.</returns>
        /// <exception cref="InvalidOperationException">Webhooks are not configured.</exception>
        /// <exception cref="ObjectDisposedException">The simulator was stopped.</exception>
        public Task<SimulatorWebhookDelivery> SendTestEventAsync(CancellationToken cancellationToken = default)
            => _dispatcher.SendTestEventAsync(cancellationToken);

        /// <summary>
        /// Delivers an event again, as the console's redeliver does: once, now, with the same id and body and a fresh
        /// timestamp and signature; no faults, and the automatic schedule of the event carries on regardless.
        /// </summary>
        /// <param name="eventId">The id of an event in <see cref="Events"/>.</param>
        /// <param name="cancellationToken">Cancels the send.</param>
        /// <returns>The attempt (its <see cref="SimulatorWebhookDelivery.Attempt"/> is 0), with the receiver's answer.</returns>
        /// <exception cref="ArgumentException">No event has that id.</exception>
        /// <exception cref="InvalidOperationException">Webhooks are not configured.</exception>
        /// <exception cref="ObjectDisposedException">The simulator was stopped.</exception>
        public Task<SimulatorWebhookDelivery> RedeliverAsync(string eventId, CancellationToken cancellationToken = default)
            => _dispatcher.RedeliverAsync(eventId, cancellationToken);
    }
}
