namespace KlingO1.Cli.Batch
{
    /// <summary>What a batch run does with an item, given what its journal says.</summary>
    internal enum ItemAction
    {
        /// <summary>Never submitted (or its task failed and `--retry-failed` was given): submit it (billed).</summary>
        Submit,

        /// <summary>Its submit was sent but no answer was journaled: look the task up by its business id; submit only if none exists.</summary>
        LookUp,

        /// <summary>Submitted (its task id journaled), not saved: wait for the task and save it; not billed again.</summary>
        Resume,

        /// <summary>Saved by an earlier run: nothing to do.</summary>
        Done,

        /// <summary>Its task failed in an earlier run: reported, not submitted again (unless `--retry-failed`).</summary>
        Failed,
    }

    /// <summary>An item of the batch, where its video goes, and what this run does with it.</summary>
    internal sealed record PlannedItem(BatchItem Item, string Out, ItemAction Action, JournalEntry? Entry, VideoGenerationRequest Request)
    {
        /// <summary>Gets the submit number of the next submit (1 for the first).</summary>
        public int NextAttempt => Action == ItemAction.Submit ? (Entry?.Attempt ?? 0) + 1 : Entry?.Attempt ?? 1;

        /// <summary>Gets the mode the task was (or will be) made with.</summary>
        public string ModeWord => Entry?.Mode ?? (Item.Spec.Mode ?? Options.Choices.DefaultMode)?.Value ?? "default";

        /// <summary>Gets the length in seconds the task was (or will be) made with.</summary>
        public int? Seconds => Entry?.Duration ?? (Item.Spec.Duration ?? Options.Choices.DefaultDuration)?.Seconds;
    }
}
