using System;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Polling
{
    /// <summary>
    /// Spaces the status reads of all waits of one client so they never exceed a rate (the service limits status
    /// queries per key: 50/s on the default tier). Each read reserves the next free slot, first come first served, so
    /// every wait gets its turn and a burst of thousands of waits is smoothed instead of rejected with 429s.
    /// </summary>
    internal sealed class StatusReadPacer
    {
        private readonly TimeProvider _time;
        private readonly long _intervalTicks;
        private readonly object _gate = new();
        private long _nextSlotTicks;

        public StatusReadPacer(double readsPerSecond, TimeProvider time)
        {
            _time = time;
            _intervalTicks = (long)(TimeSpan.TicksPerSecond / readsPerSecond);
        }

        /// <summary>Completes when this read may be sent.</summary>
        public Task WaitTurnAsync(CancellationToken cancellationToken)
        {
            var now = _time.GetUtcNow().UtcTicks;
            long slot;
            lock (_gate)
            {
                slot = Math.Max(now, _nextSlotTicks);
                _nextSlotTicks = slot + _intervalTicks;
            }

            var wait = slot - now;
            return wait <= 0 ? Task.CompletedTask : DelayAsync(TimeSpan.FromTicks(wait), cancellationToken);
        }

        private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
#if NET8_0_OR_GREATER
            return Task.Delay(delay, _time, cancellationToken);
#else
            return _time.Delay(delay, cancellationToken);
#endif
        }
    }
}
