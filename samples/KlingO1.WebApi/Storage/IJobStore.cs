namespace KlingO1.WebApi.Storage;

/// <summary>
/// The service's own tables beside Hangfire's, in the same database: the jobs with their row leases, and the webhook
/// events processed (the fleet-wide replay store). Every write that ends a job is conditional on it not having ended, so
/// a webhook and a runner racing to finish one job leave the first outcome.
/// </summary>
internal interface IJobStore
{
    /// <summary>
    /// Creates the tables and indexes that are missing, then runs <paramref name="prepareEngineSchema"/> (Hangfire's own
    /// schema step) under the same lock: every instance does this at start, and instances starting together take turns
    /// instead of racing on <c>CREATE TABLE</c>.
    /// </summary>
    Task InitializeAsync(Action prepareEngineSchema, CancellationToken cancellationToken);

    /// <summary>Answers when the database does (the health check).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    Task InsertAsync(VideoJob job, CancellationToken cancellationToken);

    Task<VideoJob?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Finds the job of a task: by its saved task id, or by the business id it was submitted with (its own id).</summary>
    Task<string?> FindIdByTaskAsync(string taskId, string? businessId, CancellationToken cancellationToken);

    /// <summary>Lists the newest <paramref name="limit"/> jobs, newest first.</summary>
    Task<IReadOnlyList<VideoJob>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Lists the jobs not yet completed or failed (queued or submitted), to run them again at start.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedIdsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lists the unfinished jobs nobody runs: no live lease at <paramref name="now"/>, and untouched since
    /// <paramref name="quietSince"/> (a job just posted has its run on the way).
    /// </summary>
    Task<IReadOnlyList<string>> ListOrphanedIdsAsync(DateTimeOffset now, DateTimeOffset quietSince, CancellationToken cancellationToken);

    /// <summary>Takes the job's lease when it is free, expired or already <paramref name="owner"/>'s and the job has not ended.</summary>
    Task<LeaseClaim> TryClaimAsync(string id, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="owner"/>'s lease; returns the job's state, or <see langword="null"/> when the lease is no longer its.</summary>
    Task<string?> RenewLeaseAsync(string id, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives the lease up, so another attempt may take the job at once.</summary>
    Task ReleaseLeaseAsync(string id, string owner, CancellationToken cancellationToken);

    /// <summary>Records the task of a job not yet ended: state <c>submitted</c>.</summary>
    Task MarkSubmittedAsync(string id, string taskId, int progress, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Saves a running job's progress (written only when it changed).</summary>
    Task SaveProgressAsync(string id, int progress, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a job not yet ended; returns <see langword="false"/> when it had ended already (that outcome stays).</summary>
    Task<bool> FinishAsync(string id, JobOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> IsEventProcessedAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Records a processed webhook event; recording it twice is harmless.</summary>
    Task MarkEventProcessedAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken);
}
