using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>The events created and the delivery attempts made, oldest first, and a way to wait for more. Thread-safe.</summary>
    internal sealed class WebhookLog
    {
        private readonly object _gate = new();
        private readonly List<SimulatorWebhookEvent> _events = new();
        private readonly Dictionary<string, SimulatorWebhookEvent> _byId = new(StringComparer.Ordinal);
        private readonly List<SimulatorWebhookDelivery> _deliveries = new();
        private TaskCompletionSource<bool> _changed = NewSignal();

        public IReadOnlyList<SimulatorWebhookEvent> Events
        {
            get
            {
                lock (_gate)
                {
                    return _events.ToArray();
                }
            }
        }

        public IReadOnlyList<SimulatorWebhookDelivery> Deliveries
        {
            get
            {
                lock (_gate)
                {
                    return _deliveries.ToArray();
                }
            }
        }

        public void Add(SimulatorWebhookEvent webhookEvent)
        {
            lock (_gate)
            {
                _events.Add(webhookEvent);
                _byId[webhookEvent.Id] = webhookEvent;
            }
        }

        public bool TryGet(string eventId, out SimulatorWebhookEvent webhookEvent)
        {
            lock (_gate)
            {
                return _byId.TryGetValue(eventId, out webhookEvent!);
            }
        }

        /// <summary>Enters attempts together, so a waiter never sees a duplicate without its original.</summary>
        public void Add(params SimulatorWebhookDelivery[] deliveries)
        {
            TaskCompletionSource<bool> changed;
            lock (_gate)
            {
                _deliveries.AddRange(deliveries);
                changed = _changed;
                _changed = NewSignal();
            }

            changed.TrySetResult(true);
        }

        public async Task<IReadOnlyList<SimulatorWebhookDelivery>> WaitForDeliveriesAsync(int count, CancellationToken cancellationToken)
        {
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    if (_deliveries.Count >= count)
                    {
                        return _deliveries.ToArray();
                    }

                    changed = _changed.Task;
                }

                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        // Continuations run off the recording thread: a waiter's code never runs inside a delivery.
        private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
