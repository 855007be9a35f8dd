namespace KlingO1.Cli.Batch
{
    /// <summary>How one item of a batch run ended.</summary>
    internal enum BatchOutcome
    {
        /// <summary>Its video was saved by this run.</summary>
        Saved,

        /// <summary>Its video was saved by an earlier run.</summary>
        AlreadySaved,

        /// <summary>Its task failed (now or in an earlier run), or its video could not be saved.</summary>
        Failed,

        /// <summary>It was not submitted: refused, or the batch stopped submitting (a refused key, an empty balance).</summary>
        NotSubmitted,

        /// <summary>
        /// Not finished: its submit's answer was lost, or the wait for its task stopped. A later run goes on with it (looks
        /// the task up by its business id, or waits for it) without submitting it again.
        /// </summary>
        Unfinished,
    }
}
