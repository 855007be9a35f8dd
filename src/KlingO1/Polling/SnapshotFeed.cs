using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace KlingO1.Polling
{
    /// <summary>
    /// Hands the snapshots a wait reports to one consumer (<see cref="TaskPoller.WatchAsync"/>), in order, none lost: the
    /// wait reports from the scheduler's thread whether or not the consumer is ready. At most one snapshot per change of
    /// status or progress is ever queued, so the buffer stays small even for a slow consumer.
    /// </summary>
    internal sealed class SnapshotFeed : IProgress<VideoTask>
    {
        private readonly object _gate = new();
        private readonly Queue<VideoTask> _pending = new();
        private TaskCompletionSource<bool>? _arrived;

        /// <inheritdoc />
        public void Report(VideoTask value)
        {
            TaskCompletionSource<bool>? arrived;
            lock (_gate)
            {
                _pending.Enqueue(value);
                arrived = _arrived;
                _arrived = null;
            }

            arrived?.TrySetResult(true);
        }

        /// <summary>
        /// Returns the next snapshot, waiting for one if needed; null once <paramref name="wait"/> has ended and every
        /// snapshot it reported has been taken (a wait reports its last snapshot before it ends).
        /// </summary>
        public async Task<VideoTask?> NextAsync(Task wait)
        {
            while (true)
            {
                TaskCompletionSource<bool> arrived;
                lock (_gate)
                {
                    if (_pending.Count > 0)
                    {
                        return _pending.Dequeue();
                    }

                    if (wait.IsCompleted)
                    {
                        return null;
                    }

                    arrived = _arrived ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                await Task.WhenAny(arrived.Task, wait).ConfigureAwait(false);
            }
        }
    }
}
