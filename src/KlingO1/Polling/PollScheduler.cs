using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace KlingO1.Polling
{
    /// <summary>
    /// The one timer queue shared by every wait of a client. A wait between reads is parked here, ordered by when its next
    /// read is due; a single timer is armed for the earliest moment anything is due. Due reads are spaced by the
    /// status-read rate (the service limits status queries per key: 50/s on the default tier), so thousands of waits cost
    /// one timer and a few hundred bytes each and never exceed the rate; when more are due than the rate allows, the
    /// <see cref="ReadChoice"/> releases first the read most likely to find its task ended (by its wait's estimate),
    /// within bounds that let none starve. Deadlines sit in a second queue, so a wait gives up on time even
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
        private const int NotDue = 0;
        private const int ReadyByEstimate = 1;
        private const int ReadyUnknown = 2;
        private const int ReadyAhead = 3;

        private static readonly long LongestTimerTicks = TimeSpan.FromDays(1).Ticks;
        private static readonly TimerCallback OnTimer = static state => ((Arming)state!).Owner.Pump((Arming)state);

        private readonly object _gate = new();
        private readonly TimeProvider _time;
        private readonly ReadPace _pace;
        private readonly DueQueue<ScheduledWait> _reads = new();
        private readonly DueQueue<ScheduledWait> _readyByEstimate = new();
        private readonly DueQueue<ScheduledWait> _readyUnknown = new();
        private readonly DueQueue<ScheduledWait> _readyAhead = new();
        private readonly DueQueue<ScheduledWait> _deadlines = new();
        private readonly ReadChoice _choice;
        private readonly RateLimiter? _permits;
        private readonly CancellationTokenSource _closing = new();
        private ITimer? _timer;
        private Arming? _arming;
        private bool _closed;
        private int _likelyInARow;

        // The caller's limiter is asked for one permit at a time, and only while a read is ready for it, so which read goes
        // next is still chosen here when the permit comes (not by the limiter's queue), and no permit waits long unused.
        private RateLimitLease? _permitInHand;
        private bool _acquiring;
        private long _askAgainAtTicks = long.MinValue;

        /// <param name="readsPerSecond">The cap on status reads per second, all waits together.</param>
        /// <param name="time">The clock of due times and of the timer.</param>
        /// <param name="choice">Which due read goes first when more are due than the rate allows; the default when null.</param>
        /// <param name="permits">The caller's status-read limiter: each read is released only with a permit of it; or null.</param>
        public PollScheduler(double readsPerSecond, TimeProvider time, ReadChoice? choice = null, RateLimiter? permits = null)
        {
            _time = time;
            _pace = new ReadPace(readsPerSecond);
            _choice = choice ?? ReadChoice.MostLikelyEnded(TimeSpan.FromSeconds(15));
            _permits = permits;
        }

        /// <summary>The longest a refused permit waits before it is asked for again, when the refusal names no wait.</summary>
        internal static TimeSpan AskAgainAfterRefusal { get; } = TimeSpan.FromMilliseconds(250);

        /// <summary>Gets the number of waits parked between reads (waiting for their time or for their turn).</summary>
        public int Parked
        {
            get
            {
                lock (_gate)
                {
                    return _reads.Count + _readyByEstimate.Count + _readyUnknown.Count + _readyAhead.Count;
                }
            }
        }

        /// <summary>
        /// Parks <paramref name="wait"/> until its next read at <paramref name="readAt"/> (or its turn after that), or its
        /// deadline, whichever comes first. A read due now is released at once when the rate allows. Does nothing for a
        /// stopped wait, so a wait cancelled while it was reading is not parked again.
        /// </summary>
        /// <param name="wait">The wait to park.</param>
        /// <param name="readAt">When its next read is due.</param>
        /// <param name="estimatedEnd">When its task is estimated to end, or null when nothing is known: decides its turn among due reads.</param>
        /// <param name="fromPriorAlone">True when the estimate is the request's prior alone, not the task's own progress.</param>
        public void Park(ScheduledWait wait, DateTimeOffset readAt, DateTimeOffset? estimatedEnd = null, bool fromPriorAlone = false)
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
                    wait.EstimatedEndTicks = estimatedEnd?.UtcTicks ?? long.MaxValue;
                    wait.EstimateFromPriorAlone = fromPriorAlone;
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
            Unqueue(wait.ReadEntry);
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
                while (_reads.Count + _readyByEstimate.Count + _readyUnknown.Count + _readyAhead.Count > 0)
                {
                    var wait = (_readyByEstimate.Count > 0 ? _readyByEstimate : _readyUnknown.Count > 0 ? _readyUnknown : _readyAhead.Count > 0 ? _readyAhead : _reads).Dequeue().Item;
                    wait.ReadEntry.Lane = NotDue;
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
                _permitInHand?.Dispose();
                _permitInHand = null;
            }

            // An acquisition under way ends (its permit, if one still comes, goes back).
            _closing.Cancel();
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
                Unqueue(wait.ReadEntry);
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
            var askForPermit = false;
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
                    Unqueue(wait.ReadEntry);
                    wait.NextInPass = expired;
                    expired = wait;
                }

                // Every read now due joins a ready queue: by its rank when its task's end is estimated, by due time when
                // not (see ReadChoice); the rate releases them from there, the choice picking which goes next.
                while (_reads.First is { } due && due.DueTicks <= now)
                {
                    var entry = _reads.Dequeue();
                    var estimatedEnd = entry.Item.EstimatedEndTicks;
                    entry.Item.DueTicks = due.DueTicks;
                    if (_choice.ByEstimate && estimatedEnd != long.MaxValue)
                    {
                        if (estimatedEnd <= now)
                        {
                            entry.Lane = ReadyByEstimate;
                            _readyByEstimate.Enqueue(entry, _choice.RankOf(due.DueTicks, estimatedEnd, entry.Item.EstimateFromPriorAlone));
                        }
                        else
                        {
                            entry.Lane = ReadyAhead;
                            _readyAhead.Enqueue(entry, estimatedEnd);
                        }
                    }
                    else
                    {
                        entry.Lane = ReadyUnknown;
                        _readyUnknown.Enqueue(entry, due.DueTicks);
                    }
                }

                // A due read whose estimated end has come since it fell due is now likely to find its task ended.
                while (_readyAhead.First is { } ahead && ahead.DueTicks <= now)
                {
                    var entry = _readyAhead.Dequeue();
                    entry.Lane = ReadyByEstimate;
                    _readyByEstimate.Enqueue(entry, _choice.RankOf(entry.Item.DueTicks, entry.Item.EstimatedEndTicks, entry.Item.EstimateFromPriorAlone));
                }

                while (_readyByEstimate.Count + _readyUnknown.Count + _readyAhead.Count > 0 && _pace.NextSlotTicks <= now)
                {
                    if (_permits is not null && _permitInHand is null)
                    {
                        // No read leaves without the caller's permit: ask for one (the read is chosen when it comes).
                        if (!_acquiring && now >= _askAgainAtTicks)
                        {
                            _acquiring = true;
                            askForPermit = true;
                        }

                        break;
                    }

                    var entry = NextReady(now);
                    entry.Lane = NotDue;
                    var wait = entry.Item;
                    if (wait.DeadlineEntry is { } deadline)
                    {
                        // While it reads, the wait's own token carries the deadline.
                        _deadlines.Remove(deadline);
                    }

                    _pace.Released(now);
                    if (_permitInHand is { } permit)
                    {
                        wait.Permit = new PermitInHand(permit);
                        _permitInHand = null;
                    }

                    wait.NextInPass = released;
                    released = wait;
                }

                Arm(now);
            }

            if (askForPermit)
            {
                // Outside the lock: the caller's limiter may take its time (a distributed one asks its store).
                _ = AcquirePermitAsync();
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
            if (_readyByEstimate.Count + _readyUnknown.Count + _readyAhead.Count > 0)
            {
                // Waiting for a permit, the acquisition wakes the scheduler when it ends; after a refusal, the next ask does.
                wake = _permits is null || _permitInHand is not null ? _pace.NextSlotTicks
                    : _acquiring ? long.MaxValue
                    : Math.Max(_pace.NextSlotTicks, _askAgainAtTicks);
            }
            else if (_reads.First is { } read)
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

        /// <summary>
        /// Asks the caller's limiter for one permit, then releases the read that goes next at that moment. A refusal (or a
        /// limiter that throws: a distributed store that is down) is asked again after the wait it names, or
        /// <see cref="AskAgainAfterRefusal"/>; the waits go on meanwhile and end by their own deadlines if it never comes.
        /// </summary>
        private async Task AcquirePermitAsync()
        {
            RateLimitLease? lease = null;
            try
            {
                lease = await _permits!.AcquireAsync(1, _closing.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Asked again below, after the usual wait.
            }

            lock (_gate)
            {
                _acquiring = false;
                if (_closed)
                {
                    lease?.Dispose();
                    return;
                }

                if (lease is { IsAcquired: true })
                {
                    _permitInHand = lease;
                }
                else
                {
                    var after = lease is null ? null : PermitInHand.RetryAfterOf(lease);
                    lease?.Dispose();
                    _askAgainAtTicks = _time.GetUtcNow().UtcTicks + Math.Min((after ?? AskAgainAfterRefusal).Ticks, LongestTimerTicks);
                }
            }

            Pump(fired: null);
        }

        /// <summary>
        /// Takes out the due read that goes next (under the lock; at least one is ready): the likeliest to find its task
        /// ended, by <see cref="ReadChoice"/>. A read whose estimated end has passed goes first (by its rank); then a read with no estimate, the one due longest; then one whose estimated end is still ahead. So that
        /// reads with no estimate cannot starve behind estimates that keep passing (tasks that stall past them), one in
        /// <see cref="ReadChoice.FairTurn"/> reads goes to the read with no estimate due longest once it has waited past
        /// <see cref="ReadChoice.UnknownLead"/>.
        /// </summary>
        private DueQueue<ScheduledWait>.Entry NextReady(long now)
        {
            var unknown = _readyUnknown.First;
            if (_readyByEstimate.Count > 0)
            {
                if (unknown is null || now - unknown.DueTicks <= _choice.UnknownLead.Ticks || ++_likelyInARow < ReadChoice.FairTurn)
                {
                    return _readyByEstimate.Dequeue();
                }
            }

            _likelyInARow = 0;
            return unknown is not null ? _readyUnknown.Dequeue() : _readyAhead.Dequeue();
        }

        /// <summary>Takes a read entry out of whichever queue holds it (waiting for its time, or due and waiting for its turn).</summary>
        private void Unqueue(DueQueue<ScheduledWait>.Entry entry)
        {
            switch (entry.Lane)
            {
                case ReadyByEstimate:
                    _readyByEstimate.Remove(entry);
                    break;
                case ReadyUnknown:
                    _readyUnknown.Remove(entry);
                    break;
                case ReadyAhead:
                    _readyAhead.Remove(entry);
                    break;
                default:
                    _reads.Remove(entry);
                    break;
            }

            entry.Lane = NotDue;
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
