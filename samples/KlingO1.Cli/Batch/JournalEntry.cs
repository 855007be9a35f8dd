namespace KlingO1.Cli.Batch
{
    /// <summary>What a journal says of one item: the latest of its lines, folded together.</summary>
    internal sealed class JournalEntry
    {
        public JournalEntry(string key)
        {
            Key = key;
        }

        public string Key { get; }

        /// <summary>Gets the latest submit's number (1 for the first).</summary>
        public int Attempt { get; set; }

        /// <summary>Gets the latest submit's business id: set before it was sent.</summary>
        public string? BusinessId { get; set; }

        /// <summary>Gets the latest submit's task id, once it was accepted.</summary>
        public string? TaskId { get; set; }

        public string? Mode { get; set; }

        public int? Duration { get; set; }

        /// <summary>Gets where the item's video goes (fixed by its first submit).</summary>
        public string? Out { get; set; }

        public bool Saved { get; set; }

        /// <summary>Gets why the latest submit's task failed, or null.</summary>
        public string? Failure { get; set; }
    }
}
