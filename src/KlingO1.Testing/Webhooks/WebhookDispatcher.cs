using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing.Endpoints;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// Delivers webhook events as the service does: a task's final event when the task ends (by the simulator's clock),
    /// retried on the service's schedule while the receiver fails, with the faults switched on; and the console's test
    /// event and redeliveries on request. Stopping cancels every pending timer and waits for deliveries in flight.
    /// </summary>
    internal sealed class WebhookDispatcher : IAsyncDisposable
    {
        private readonly SimulatorState _state;
        private readonly Uri? _url;
        private readonly WebhookSecrets? _secrets;
        private readonly WebhookSender? _sender;
        private readonly WebhookTimers _timers;
        private readonly CancellationTokenSource _stopping = new();
        private readonly object _gate = new();
        private readonly HashSet<Task> _running = new();
        private bool _stopped;
        private int _nextEvent;

        public WebhookDispatcher(SimulatorState state)
        {
            _state = state;
            _timers = new WebhookTimers(state.Time);
            if (state.Options.Webhook is { } options)
            {
                _url = options.Url;
                _secrets = new WebhookSecrets(options.Secret, options.PreviousSecret, state.Time.GetUtcNow(), state.Options.TimeScale);
                _sender = new WebhookSender(options, state.Time, _secrets);
            }
        }

        public WebhookLog Log { get; } = new();

        private SimulatorWebhookFaults Faults => _state.Faults.Webhooks;

        /// <summary>Why a submit's <c>callback_url</c> is refused, or null.</summary>
        public SubmitRefusedException? CallbackProblem(string callbackUrl) => CallbackUrlCheck.Problem(callbackUrl, _url);

        /// <summary>Arranges the final event of a new task, for when it ends; nothing when webhooks are not configured.</summary>
        public void TaskCreated(SimulatedTask task)
        {
            if (_url is null)
            {
                return;
            }

            // Checked at submit (CallbackProblem): the same origin as the configured URL.
            var url = task.CallbackUrl is { } callback ? new Uri(callback, UriKind.Absolute) : _url;
            var endsAt = _state.Timeline(task).EndsAt;
            _timers.Start(endsAt - _state.Time.GetUtcNow(), () =>
            {
                // Entered when the task ends, before any send: the event exists even if every attempt is lost.
                var now = _state.Time.GetUtcNow();
                var id = NextEventId();
                var type = task.WillFail ? WebhookEventJson.Failed : WebhookEventJson.Completed;
                var webhookEvent = new SimulatorWebhookEvent(id, type, task.Id, url, now, WebhookEventJson.TaskEvent(_state, task, id, now));
                Log.Add(webhookEvent);
                Due(webhookEvent, 1, delayed: false);
            });
        }

        public void RotateSecret(string secret)
        {
            if (string.IsNullOrWhiteSpace(secret))
            {
                throw new ArgumentException("A secret is required.", nameof(secret));
            }

            Configured().Rotate(secret, _state.Time.GetUtcNow());
        }

        public Task<SimulatorWebhookDelivery> SendTestEventAsync(CancellationToken cancellationToken)
        {
            Configured();
            var now = _state.Time.GetUtcNow();
            var id = NextEventId();
            var webhookEvent = new SimulatorWebhookEvent(id, WebhookEventJson.Test, WebhookEventJson.TestTaskId, _url!, now, WebhookEventJson.TestEvent(id, now));
            Log.Add(webhookEvent);
            return SendOnRequestAsync(webhookEvent, cancellationToken);
        }

        public Task<SimulatorWebhookDelivery> RedeliverAsync(string eventId, CancellationToken cancellationToken)
        {
            Configured();
            return Log.TryGet(eventId ?? throw new ArgumentNullException(nameof(eventId)), out var webhookEvent)
                ? SendOnRequestAsync(webhookEvent, cancellationToken)
                : throw new ArgumentException($"The simulator created no webhook event '{eventId}'.", nameof(eventId));
        }

        /// <summary>Cancels pending deliveries and waits for those in flight; nothing is sent afterwards.</summary>
        public async ValueTask DisposeAsync()
        {
            Task[] running;
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                _stopped = true;
                running = new Task[_running.Count];
                _running.CopyTo(running);
            }

            _timers.Stop();
            _stopping.Cancel();

            // Each one ends quickly once cancelled, and its outcome was already observed (see Track).
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _sender?.Dispose();
            _stopping.Dispose();
        }

        /// <summary>An automatic attempt has fallen due: it goes out now, or after the delay fault.</summary>
        private void Due(SimulatorWebhookEvent webhookEvent, int attempt, bool delayed)
        {
            var delay = Faults.Delay;
            if (!delayed && delay > TimeSpan.Zero)
            {
                _timers.Start(delay, () => Due(webhookEvent, attempt, delayed: true));
                return;
            }

            Track(() => AttemptAsync(webhookEvent, attempt));
        }

        private async Task<SimulatorWebhookDelivery?> AttemptAsync(SimulatorWebhookEvent webhookEvent, int attempt)
        {
            if (Faults.TakeDrop())
            {
                // Lost without a trace: the service saw no failure, so it retries nothing.
                Log.Add(new SimulatorWebhookDelivery(webhookEvent, attempt, _state.Time.GetUtcNow(), signature: null)
                {
                    Dropped = true,
                    Error = "Dropped by SimulatorWebhookFaults.DropDeliveries: never sent, and not retried.",
                });
                return null;
            }

            var wrongSignature = Faults.TakeWrongSignature();
            var duplicate = Faults.TakeDuplicate();
            var first = await _sender!.SendAsync(webhookEvent, attempt, wrongSignature, _stopping.Token).ConfigureAwait(false);
            var copy = duplicate ? await _sender.SendAsync(webhookEvent, attempt, wrongSignature, _stopping.Token).ConfigureAwait(false) : null;
            if (copy is not null)
            {
                copy.Duplicate = true;
            }

            // The retry is armed before the attempt is entered: a test that saw the entry can advance the clock to it.
            if (!first.Succeeded && RetrySchedule.After(attempt, _state.Options.TimeScale) is { } wait)
            {
                _timers.Start(wait, () => Due(webhookEvent, attempt + 1, delayed: false));
            }

            Log.Add(copy is null ? new[] { first } : new[] { first, copy });
            return first;
        }

        /// <summary>A send the console asks for: once, as it is, no faults and no retries.</summary>
        private async Task<SimulatorWebhookDelivery> SendOnRequestAsync(SimulatorWebhookEvent webhookEvent, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            var send = Track(async () =>
            {
                var delivery = await _sender!.SendAsync(webhookEvent, 0, wrongSignature: false, linked.Token).ConfigureAwait(false);
                Log.Add(delivery);
                return delivery;
            }) ?? throw new ObjectDisposedException(nameof(KlingSimulator));
            return (await send.ConfigureAwait(false))!;
        }

        /// <summary>Runs <paramref name="work"/> off the caller's thread (a fake clock's <c>Advance</c>), where stopping waits for it.</summary>
        private Task<T>? Track<T>(Func<Task<T>> work)
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return null;
                }

                var task = Task.Run(work);
                _running.Add(task);

                // Observed here, so a send cancelled by stopping leaves no unobserved exception; callers of a console
                // send get its outcome from the task itself.
                task.ContinueWith(
                    done =>
                    {
                        _ = done.Exception;
                        lock (_gate)
                        {
                            _running.Remove(done);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                return task;
            }
        }

        private WebhookSecrets Configured()
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    throw new ObjectDisposedException(nameof(KlingSimulator));
                }
            }

            return _secrets ?? throw new InvalidOperationException("Webhooks are not configured: set KlingSimulatorOptions.Webhook before starting the simulator.");
        }

        private string NextEventId() => "evt_sim_" + Interlocked.Increment(ref _nextEvent).ToString("D6", CultureInfo.InvariantCulture);
    }
}
