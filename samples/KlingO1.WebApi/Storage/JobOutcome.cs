namespace KlingO1.WebApi.Storage;

/// <summary>How a job ended, written once: the first finisher (webhook or runner) wins, later ones change nothing.</summary>
/// <param name="State"><see cref="JobStates.Completed"/> or <see cref="JobStates.Failed"/>.</param>
/// <param name="Progress">The final progress.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="FinishedBy">One of <see cref="Storage.FinishedBy"/>.</param>
/// <param name="TaskId">The task, recorded when the row does not have it yet (a webhook faster than the runner's save).</param>
internal sealed record JobOutcome(string State, int Progress, string? Error, string FinishedBy, string? TaskId)
{
    public static JobOutcome From(VideoTask task, string finishedBy) => task.Status == VideoTaskStatus.Completed
        ? new JobOutcome(JobStates.Completed, 100, null, finishedBy, task.Id)
        : new JobOutcome(JobStates.Failed, task.Progress, task.Error?.ToString() ?? "The task failed.", finishedBy, task.Id);

    public static JobOutcome Failure(string error, string? taskId) => new(JobStates.Failed, 0, error, Storage.FinishedBy.Polling, taskId);
}
