using System;
using System.Threading;

namespace KlingO1.Polling
{
    /// <summary>
    /// The one timer queue shared by every wait of a client. A wait between reads is parked here, ordered by when its next
    /// read is due; a single timer is armed for the earliest moment anything is due. Due reads are released earliest first
    /// and spaced by the status-read rate (the service limits status queries per key: 50/s on the default tier), so
    /// thousands of waits cost one timer and a few hundred bytes each, never exceed the rate, and a wait that has waited
    /// longest goes first: none can starve the others. Deadlines sit in a second queue, so a wait gives up on time even
    /// when reads are backed up behind the rate. What the service reports about its limit narrows this further, never
    /// widens it: a lower reported rate spaces reads further apart, and a reported wait holds every read until it ends
    /// (<see cref="ReadPace"/>). When each wait reads next is its own <see cref="PollingDelay"/>'s answer.
    /// </summary>
    /// <remarks>
    /// Thread-safe. Callbacks to waits run outside the lock, on the thread that found them due (the timer's, or the one
    /// that parked a wait due at once); the scheduler never calls back into the client.
    /// </remarks>
    internal sealed class PollScheduler
    {
        // Timers take at most about 49 days; a wake-up further off is reached in steps (each one re-arms).
        private static readonly long LongestTimerTicks = TimeSpan.FromDays(1).Ticks;
        private static readonly TimerCallback OnTimer = static state => ((Arming)state!).Owner.Pump((Arming)state);

        private readonly object _gate = new();
        private readonly TimeProvider _time;
        private readonly ReadPace _pace;
        private readonly DueQueue<ScheduledWait> _reads = new();
        private readonly DueQueue<ScheduledWait> _deadlines = new();
        private ITimer? _timer;
        private Arming? _arming;
        private bool _closed;

        public PollScheduler(double readsPerSecond, TimeProvider time)
        {
            _time = time;
            _pace = new ReadPace(readsPerSecond);
        }

        /// <summary>Gets the number of waits parked between reads (waiting for their time or for their turn).</summary>
        public int Parked
        {
            get
            {
                lock (_gate)
                {
                    return _reads.Count;
                }
            }
        }

        /// <summary>
        /// Parks <paramref name="wait"/> until its next read at <paramref name="readAt"/> (or its turn after that), or its
        /// deadline, whichever comes first. A read due now is released at once when the rate allows. Does nothing for a
        /// stopped wait, so a wait cancelled while it was reading is not parked again.
        /// </summary>
        public void Park(ScheduledWait wait, DateTimeOffset readAt)
        {
            bool closed;
            lock (_gate)
            {
                if (wait.Stopped)
                {
                    return;
                }

                closed = _closed;
                if (!closed)
                {
                    Enqueue(wait, readAt);
                }
            }

            if (closed)
            {
                // Outside the lock: the wait ends, and stops itself.
                wait.OnClosed();
            }
            else
            {
                Pump(fired: null);
            }
        }

        /// <summary>
        /// Starts no read before <paramref name="until"/>: the service said its window is spent (or asked to wait). A hold
        /// only ever lengthens; an earlier moment than one already held changes nothing.
        /// </summary>
        public void HoldReadsUntil(DateTimeOffset until)
        {
            lock (_gate)
            {
                if (_pace.HoldUntil(until.UtcTicks))
                {
                    Arm(_time.GetUtcNow().UtcTicks);
                }
            }
        }

        /// <summary>
        /// Follows the status-read rate the service reports: reads are spaced for the lower of it and the configured cap,
        /// so the cap is never exceeded. The latest report counts; a higher one later restores the pace (up to the cap).
        /// </summary>
        public void FollowReportedRate(double readsPerSecond)
        {
            lock (_gate)
            {
                if (_pace.Follow(readsPerSecond))
                {
                    Arm(_time.GetUtcNow().UtcTicks);
                }
            }
        }

        /// <summary>Puts a wait in the read queue, and in the deadline queue unless it is there; under the lock.</summary>
        private void Enqueue(ScheduledWait wait, DateTimeOffset readAt)
        {
            _reads.Enqueue(wait.ReadEntry, readAt.UtcTicks);
            if (wait.DeadlineEntry is { IsQueued: false } deadline)
            {
                _deadlines.Enqueue(deadline, wait.DeadlineTicks);
            }
        }

        /// <summary>
        /// Closes the scheduler for good (its client was disposed): every parked wait ends, and so does every wait that asks
        /// to park later (one reading now, or one started after this).
        /// </summary>
        public void Close()
        {
            ScheduledWait? parked = null;
            lock (_gate)
            {
                _closed = true;
                while (_reads.Count > 0)
                {
                    var wait = _reads.Dequeue().Item;
                    if (wait.DeadlineEntry is { IsQueued: true } deadline)
                    {
                        _deadlines.Remove(deadline);
                    }

                    wait.NextInPass = parked;
                    parked = wait;
                }

                _timer?.Dispose();
                _timer = null;
                _arming = null;
            }

            for (var wait = parked; wait is not null;)
            {
                var next = wait.NextInPass;
                wait.NextInPass = null;
                wait.OnClosed();
                wait = next;
            }
        }

        /// <summary>Takes <paramref name="wait"/> out of both queues for good: it ended, or was cancelled.</summary>
        public void Stop(ScheduledWait wait)
        {
            lock (_gate)
            {
                wait.Stopped = true;
                _reads.Remove(wait.ReadEntry);
                if (wait.DeadlineEntry is { } deadline)
                {
                    _deadlines.Remove(deadline);
                }

                // Disarm (or re-arm later) rather than wake up for a wait that is gone.
                Arm(_time.GetUtcNow().UtcTicks);
            }
        }

        /// <summary>Releases what is due (deadlines first, then reads within the rate), re-arms the timer, then calls the waits.</summary>
        private void Pump(Arming? fired)
        {
            ScheduledWait? expired = null;
            ScheduledWait? released = null;
            lock (_gate)
            {
                if (fired is not null && ReferenceEquals(fired, _arming))
                {
                    // This arming is spent; a late callback of an earlier arming is told apart by its state and only pumps.
                    _arming = null;
                }

                var now = _time.GetUtcNow().UtcTicks;
                while (_deadlines.First is { } deadline && deadline.DueTicks <= now)
                {
                    var wait = _deadlines.Dequeue().Item;
                    _reads.Remove(wait.ReadEntry);
                    wait.NextInPass = expired;
                    expired = wait;
                }

                while (_reads.First is { } read && read.DueTicks <= now && _pace.NextSlotTicks <= now)
                {
                    var wait = _reads.Dequeue().Item;
                    if (wait.DeadlineEntry is { } deadline)
                    {
                        // While it reads, the wait's own token carries the deadline.
                        _deadlines.Remove(deadline);
                    }

                    _pace.Released(now);
                    wait.NextInPass = released;
                    released = wait;
                }

                Arm(now);
            }

            for (var wait = expired; wait is not null;)
            {
                var next = wait.NextInPass;
                wait.NextInPass = null;
                wait.OnDeadlinePassed();
                wait = next;
            }

            for (var wait = released; wait is not null;)
            {
                var next = wait.NextInPass;
                wait.NextInPass = null;
                wait.OnReadDue();
                wait = next;
            }
        }

        /// <summary>Arms the one timer for the earliest moment something is due: a deadline, or a read and its slot.</summary>
        private void Arm(long now)
        {
            if (_closed)
            {
                return;
            }

            var wake = long.MaxValue;
            if (_reads.First is { } read)
            {
                wake = Math.Max(read.DueTicks, _pace.NextSlotTicks);
            }

            if (_deadlines.First is { } deadline && deadline.DueTicks < wake)
            {
                wake = deadline.DueTicks;
            }

            if (_arming is not null && _arming.WakeTicks == wake)
            {
                return;
            }

            _timer?.Dispose();
            _timer = null;
            _arming = null;
            if (wake == long.MaxValue)
            {
                return;
            }

            // A fresh timer per arming (not Change): arming happens at most once per released read or earlier arrival, and a
            // callback of a replaced timer that was already under way is recognised by its state instead of being mistaken
            // for the current one. The timer does not capture the caller's context: it serves every wait, not the one that
            // happened to arm it (each wait runs its reads in its own context).
            _arming = new Arming(this, wake);
            var due = TimeSpan.FromTicks(Math.Min(Math.Max(1, wake - now), LongestTimerTicks));
            if (ExecutionContext.IsFlowSuppressed())
            {
                _timer = _time.CreateTimer(OnTimer, _arming, due, Timeout.InfiniteTimeSpan);
            }
            else
            {
                using (ExecutionContext.SuppressFlow())
                {
                    _timer = _time.CreateTimer(OnTimer, _arming, due, Timeout.InfiniteTimeSpan);
                }
            }
        }

        /// <summary>One arming of the timer: the state its callback carries.</summary>
        internal sealed class Arming
        {
            public Arming(PollScheduler owner, long wakeTicks)
            {
                Owner = owner;
                WakeTicks = wakeTicks;
            }

            public PollScheduler Owner { get; }

            public long WakeTicks { get; }
        }
    }
}
