namespace KlingO1.WebApi.Storage;

/// <summary>What an attempt to take a job's row lease found.</summary>
/// <param name="Job">The job, or <see langword="null"/> when there is no such row.</param>
/// <param name="Claimed">Whether the lease is now this instance's: only then may the job be run.</param>
/// <param name="HeldUntil">When another holder's live lease ends, so the attempt can be rescheduled for then.</param>
internal sealed record LeaseClaim(VideoJob? Job, bool Claimed, DateTimeOffset? HeldUntil);
