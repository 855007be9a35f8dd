using System;
using System.Collections.Generic;
using System.Threading;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// One-shot timers on the simulator's clock, all cancelled at once when the simulator stops. A fake clock fires them
    /// from its <c>Advance</c>; one due at once may fire before <see cref="TimeProvider.CreateTimer"/> even returns,
    /// which the handle below allows for. Thread-safe.
    /// </summary>
    internal sealed class WebhookTimers
    {
        private readonly object _gate = new();
        private readonly HashSet<Pending> _pending = new();
        private readonly TimeProvider _time;
        private bool _stopped;

        public WebhookTimers(TimeProvider time) => _time = time;

        /// <summary>Runs <paramref name="onDue"/> once <paramref name="due"/> has passed, unless stopped first; false once stopped.</summary>
        public bool Start(TimeSpan due, Action onDue)
        {
            var pending = new Pending(this, onDue);
            lock (_gate)
            {
                if (_stopped)
                {
                    return false;
                }

                _pending.Add(pending);
            }

            var timer = _time.CreateTimer(static state => ((Pending)state!).Fire(), pending, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            pending.Attach(timer);
            return true;
        }

        /// <summary>Cancels every timer not yet fired; none starts or fires afterwards.</summary>
        public void Stop()
        {
            Pending[] pending;
            lock (_gate)
            {
                _stopped = true;
                pending = new Pending[_pending.Count];
                _pending.CopyTo(pending);
                _pending.Clear();
            }

            foreach (var timer in pending)
            {
                timer.Cancel();
            }
        }

        private bool Remove(Pending pending)
        {
            lock (_gate)
            {
                return !_stopped && _pending.Remove(pending);
            }
        }

        private sealed class Pending
        {
            private readonly WebhookTimers _owner;
            private readonly Action _onDue;
            private ITimer? _timer;
            private int _done;

            public Pending(WebhookTimers owner, Action onDue)
            {
                _owner = owner;
                _onDue = onDue;
            }

            public void Attach(ITimer timer)
            {
                Interlocked.Exchange(ref _timer, timer);

                // Fired (or cancelled) before the timer was known: release it now.
                if (Volatile.Read(ref _done) != 0)
                {
                    timer.Dispose();
                }
            }

            public void Fire()
            {
                if (Interlocked.Exchange(ref _done, 1) != 0)
                {
                    return;
                }

                Volatile.Read(ref _timer)?.Dispose();
                if (_owner.Remove(this))
                {
                    _onDue();
                }
            }

            public void Cancel()
            {
                Interlocked.Exchange(ref _done, 1);
                Volatile.Read(ref _timer)?.Dispose();
            }
        }
    }
}
