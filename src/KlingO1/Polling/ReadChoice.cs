using System;

namespace KlingO1.Polling
{
    /// <summary>
    /// Which due read <see cref="PollScheduler"/> releases first when more reads are due than the status-read rate allows.
    /// Each read is ranked once, when it falls due, from its due time and its wait's estimate of when the task ends, so
    /// the choice costs a heap operation, not a scan of the due reads.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="MostLikelyEnded"/> (the default) reads first the task most likely to have ended since it was last read:
    /// one whose estimated end has passed, the furthest past first (its rank is the estimate). Next come reads with no
    /// estimate (a task never read, or queued with nothing known of its running time), the one due longest first: they
    /// fill the rate the likelier reads leave. Last, reads whose estimated end is still ahead. The rank is held within
    /// <see cref="Bound"/> of the due time either way: a wait whose estimate was too early cannot stay ahead for ever (its
    /// rank moves on with its due time), and one whose estimate is far off counts as likely ended once it has waited
    /// <see cref="Bound"/> past its due time, so a wrong estimate is corrected by a read at most that much later than
    /// its own schedule asked, as long as the likelier reads leave room. So that reads with no estimate cannot starve
    /// behind estimates that keep passing (many tasks stalled past them), one read in <see cref="FairTurn"/> goes to the
    /// one due longest once it has waited past <see cref="UnknownLead"/>. An estimate that is the request's prior alone
    /// (no progress of the task seen yet) is not pulled towards the due time: it is the middle of a spread of plausible
    /// ends, so a task never seen running does not go before one whose measured end has passed.
    /// </para>
    /// <para>
    /// <see cref="LongestDue"/> is the design before issue 17 (the read due longest goes first), kept to measure against.
    /// </para>
    /// </remarks>
    internal sealed class ReadChoice
    {
        /// <summary>One read in this many goes to the read with no estimate due longest, once it has waited past <see cref="UnknownLead"/>.</summary>
        internal const int FairTurn = 4;

        private readonly long _boundTicks;

        private ReadChoice(bool byEstimate, TimeSpan bound, TimeSpan unknownLead)
        {
            ByEstimate = byEstimate;
            _boundTicks = bound.Ticks;
            UnknownLead = unknownLead;
        }

        /// <summary>Gets the choice of before issue 17: the read due longest goes first.</summary>
        public static ReadChoice LongestDue { get; } = new(byEstimate: false, TimeSpan.Zero, TimeSpan.MaxValue);

        /// <summary>Gets a value indicating whether reads with an estimate are ranked by it (false: every read by its due time).</summary>
        public bool ByEstimate { get; }

        /// <summary>Gets the longest a read's rank may lie from its due time, either way.</summary>
        public TimeSpan Bound => TimeSpan.FromTicks(_boundTicks);

        /// <summary>Gets how long past its due time a read with no estimate waits before it takes every <see cref="FairTurn"/>th read.</summary>
        public TimeSpan UnknownLead { get; }

        /// <summary>Returns the choice by estimated end (see the remarks).</summary>
        /// <param name="bound">How far a read's rank may lie from its due time, either way (the wait's longest interval).</param>
        /// <param name="unknownLead">How long past its due time a read with no estimate waits before its fair turns; four times <paramref name="bound"/> when null.</param>
        public static ReadChoice MostLikelyEnded(TimeSpan bound, TimeSpan? unknownLead = null)
            => new(byEstimate: true, bound, unknownLead ?? TimeSpan.FromTicks(bound.Ticks * 4));

        /// <summary>Returns the rank of a read due at <paramref name="dueTicks"/> whose task is estimated to end at <paramref name="estimatedEndTicks"/>: lowest goes first.</summary>
        /// <param name="dueTicks">When the read fell due, in UTC ticks.</param>
        /// <param name="estimatedEndTicks">When its task is estimated to end, in UTC ticks.</param>
        /// <param name="fromPriorAlone">
        /// True when the estimate is the request's prior alone: it ranks by itself, not pulled towards the due time, since it
        /// is the middle of a spread of plausible ends rather than a measurement that can be wrong (and it is never later
        /// than the typical time from the submit, so it cannot hold a read back for ever).
        /// </param>
        public long RankOf(long dueTicks, long estimatedEndTicks, bool fromPriorAlone = false)
            => Math.Max(Saturated(dueTicks, -_boundTicks), fromPriorAlone ? estimatedEndTicks : Math.Min(estimatedEndTicks, Saturated(dueTicks, _boundTicks)));

        private static long Saturated(long ticks, long by)
            => by > 0 && ticks > long.MaxValue - by ? long.MaxValue : by < 0 && ticks < long.MinValue - by ? long.MinValue : ticks + by;
    }
}
