using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Endpoints;

/// <summary>A job as the API shows it (camelCase JSON); <see cref="VideoUrl"/> is set once the job is completed.</summary>
internal sealed record JobResponse(
    string Id,
    string Prompt,
    string Mode,
    int Duration,
    string State,
    string? TaskId,
    int Progress,
    string? Error,
    string? FinishedBy,
    string? VideoUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string PathOf(string jobId) => "/videos/" + jobId;

    public static JobResponse From(VideoJob job) => new(
        job.Id,
        job.Prompt,
        job.Mode,
        job.Duration,
        job.State,
        job.TaskId,
        job.Progress,
        job.Error,
        job.FinishedBy,
        job.State == JobStates.Completed ? PathOf(job.Id) + "/video" : null,
        job.CreatedAt,
        job.UpdatedAt);
}
