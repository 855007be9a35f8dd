namespace KlingO1.Transport.Operations
{
    /// <summary>What a failed operation may have left at the service, which decides what the caller is told.</summary>
    internal enum AcceptanceRule
    {
        /// <summary>The request changes nothing at the service: a failure is only a failure.</summary>
        ChangesNothing,

        /// <summary>A failure may have left a stored copy behind, which costs nothing and nobody looks for.</summary>
        LeavesNothingToFind,

        /// <summary>
        /// A failure may have created (and billed) a task, unless it proves the service refused
        /// (<see cref="Resilience.SubmitOutcome.MayHaveBeenAccepted"/>): the caller then learns the outcome is unknown.
        /// </summary>
        MayCreateUnlessProvablyRefused,
    }
}
