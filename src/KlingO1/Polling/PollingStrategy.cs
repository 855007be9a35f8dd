namespace KlingO1
{
    /// <summary>How a wait chooses the interval before its next read of a task.</summary>
    public enum PollingStrategy
    {
        /// <summary>
        /// Estimates when the video will be ready from the progress the service reports, reads sparsely while that is
        /// far off and at the shortest interval once it is near; a wait started by GenerateAsync also expects the running
        /// time of the request's mode and length until the rate is measured. Fewer reads than fixed polling, and the end is seen sooner.
        /// </summary>
        ProgressAware = 0,

        /// <summary>Intervals that double from the shortest to the longest, whatever the progress.</summary>
        ExponentialBackoff = 1,
    }
}
