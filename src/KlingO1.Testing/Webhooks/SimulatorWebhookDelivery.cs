using System;

namespace KlingO1.Testing
{
    /// <summary>One attempt to deliver a webhook event, and how the receiver answered.</summary>
    public sealed class SimulatorWebhookDelivery
    {
        internal SimulatorWebhookDelivery(SimulatorWebhookEvent webhookEvent, int attempt, DateTimeOffset at, string? signature)
        {
            EventId = webhookEvent.Id;
            EventType = webhookEvent.Type;
            TaskId = webhookEvent.TaskId;
            Url = webhookEvent.Url;
            Attempt = attempt;
            At = at;
            Signature = signature;
        }

        /// <summary>Gets the id of the event delivered, the same on every attempt.</summary>
        public string EventId { get; }

        /// <summary>Gets the type of the event delivered.</summary>
        public string EventType { get; }

        /// <summary>Gets the id of the task the event reports.</summary>
        public string TaskId { get; }

        /// <summary>Gets the URL posted to.</summary>
        public Uri Url { get; }

        /// <summary>
        /// Gets which automatic attempt this was: 1 the first, 2 the retry 10 s later, up to 8 (after 24 h); 0 for a send
        /// the console asks for (<see cref="SimulatorWebhooks.SendTestEventAsync"/> or <see cref="SimulatorWebhooks.RedeliverAsync"/>).
        /// </summary>
        public int Attempt { get; }

        /// <summary>Gets when the attempt was made, by the simulator's clock.</summary>
        public DateTimeOffset At { get; }

        /// <summary>Gets the <c>X-ToAPIs-Webhook-Signature</c> header sent, or <see langword="null"/> when nothing was sent (<see cref="Dropped"/>).</summary>
        public string? Signature { get; }

        /// <summary>Gets the receiver's status code, or <see langword="null"/> when there was no answer (see <see cref="Error"/>).</summary>
        public int? StatusCode { get; internal set; }

        /// <summary>Gets why there was no answer (a refused connection, the timeout, a dropped delivery), or <see langword="null"/>.</summary>
        public string? Error { get; internal set; }

        /// <summary>Gets a value indicating whether the receiver acknowledged the delivery with a 2xx status, the only success the service knows.</summary>
        public bool Succeeded => StatusCode is >= 200 and <= 299;

        /// <summary>Gets a value indicating whether the delivery was lost on purpose (<see cref="SimulatorWebhookFaults.DropDeliveries"/>): never sent.</summary>
        public bool Dropped { get; internal set; }

        /// <summary>Gets a value indicating whether this is the extra copy of a duplicated delivery (<see cref="SimulatorWebhookFaults.DuplicateDeliveries"/>).</summary>
        public bool Duplicate { get; internal set; }

        /// <summary>Gets a value indicating whether the delivery was signed with a wrong secret on purpose (<see cref="SimulatorWebhookFaults.SignWithWrongSecret"/>).</summary>
        public bool WrongSignature { get; internal set; }

        /// <inheritdoc />
        public override string ToString()
            => $"{EventId} #{Attempt}{(Duplicate ? " (duplicate)" : string.Empty)} -> {Url}: "
                + (Dropped ? "dropped" : StatusCode is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error);
    }
}
