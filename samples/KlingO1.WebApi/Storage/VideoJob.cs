namespace KlingO1.WebApi.Storage;

/// <summary>One video a caller asked for, as its row in <c>video_jobs</c> has it (the lease columns stay in the store).</summary>
/// <param name="Id">A fresh GUID ("N" format); also the request's client business id, so a rerun adopts the task.</param>
/// <param name="Prompt">What to generate.</param>
/// <param name="Mode"><c>std</c> or <c>pro</c>.</param>
/// <param name="Duration">5 or 10 seconds.</param>
/// <param name="State">One of <see cref="JobStates"/>.</param>
/// <param name="TaskId">The service's task id once submitted (or adopted).</param>
/// <param name="Progress">0 to 100, as last read.</param>
/// <param name="Error">Why the job failed.</param>
/// <param name="FinishedBy">How the end was learnt (<see cref="FinishedBy"/>).</param>
/// <param name="CreatedAt">When the job was accepted.</param>
/// <param name="UpdatedAt">When its state or progress last changed.</param>
internal sealed record VideoJob(
    string Id,
    string Prompt,
    string Mode,
    int Duration,
    string State,
    string? TaskId,
    int Progress,
    string? Error,
    string? FinishedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Gets whether the job has ended (completed or failed) and will not change again.</summary>
    public bool IsFinished => JobStates.IsTerminal(State);
}
