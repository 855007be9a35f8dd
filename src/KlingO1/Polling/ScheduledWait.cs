using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// What <see cref="PollScheduler"/> knows of one wait: its places in the scheduler's two queues (next read, deadline)
    /// and the two things the scheduler tells it. Everything else about the wait lives in the subclass.
    /// </summary>
    internal abstract class ScheduledWait
    {
        /// <param name="deadlineTicks">When the wait gives up, in UTC ticks; <see cref="long.MaxValue"/> for never.</param>
        protected ScheduledWait(long deadlineTicks)
        {
            DeadlineTicks = deadlineTicks;
            ReadEntry = new DueQueue<ScheduledWait>.Entry(this);
            DeadlineEntry = deadlineTicks == long.MaxValue ? null : new DueQueue<ScheduledWait>.Entry(this);
        }

        /// <summary>Gets when the wait gives up, in UTC ticks; <see cref="long.MaxValue"/> for never.</summary>
        public long DeadlineTicks { get; }

        internal DueQueue<ScheduledWait>.Entry ReadEntry { get; }

        internal DueQueue<ScheduledWait>.Entry? DeadlineEntry { get; }

        /// <summary>Gets or sets when the wait's task is estimated to end, in UTC ticks (<see cref="long.MaxValue"/>: unknown); guarded by the scheduler's lock.</summary>
        internal long EstimatedEndTicks { get; set; } = long.MaxValue;

        /// <summary>Gets or sets a value indicating whether the estimate is the request's prior alone (see <see cref="PollingDelay.EstimateFromPriorAlone"/>); guarded by the scheduler's lock.</summary>
        internal bool EstimateFromPriorAlone { get; set; }

        /// <summary>Gets or sets when its read fell due, in UTC ticks, while it waits for its turn; guarded by the scheduler's lock.</summary>
        internal long DueTicks { get; set; }

        /// <summary>Gets or sets a value indicating whether the wait has left the scheduler for good; guarded by its lock.</summary>
        internal bool Stopped { get; set; }

        /// <summary>
        /// Gets or sets the permit the scheduler acquired for the read it just released (when the client has a
        /// status-read limiter), taken by the read with <see cref="TakePermit"/>; set under the scheduler's lock.
        /// </summary>
        internal PermitInHand? Permit { get; set; }

        /// <summary>Gets or sets the next wait released in the same pass of the scheduler (a list without allocation).</summary>
        internal ScheduledWait? NextInPass { get; set; }

        /// <summary>Takes the permit released with the read, if any (once: later calls get null).</summary>
        protected PermitInHand? TakePermit()
        {
            var permit = Permit;
            Permit = null;
            return permit;
        }

        /// <summary>Called (outside the scheduler's lock) when the read is due and within the rate: read the task now.</summary>
        public abstract void OnReadDue();

        /// <summary>Called (outside the scheduler's lock) when the deadline passed while the wait was parked.</summary>
        public abstract void OnDeadlinePassed();

        /// <summary>Called (outside the scheduler's lock) when the scheduler closed (its client was disposed): end the wait.</summary>
        public abstract void OnClosed();

        /// <summary>Gets how long the wait has left at <paramref name="nowTicks"/>, or null when it has no deadline.</summary>
        public TimeSpan? RemainingAt(long nowTicks)
            => DeadlineTicks == long.MaxValue ? null : TimeSpan.FromTicks(Math.Max(0, DeadlineTicks - nowTicks));
    }
}
