using KlingO1.WebApi.Jobs;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Endpoints;

/// <summary>
/// The jobs API (service key required): <c>POST /videos</c> stores the job before anything is submitted and queues its
/// run, <c>GET /videos/{id}</c> and <c>GET /videos</c> show jobs, <c>GET /videos/{id}/video</c> serves the MP4.
/// </summary>
internal static class VideoEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/videos").WithTags("Videos");
        videos.MapPost("/", CreateAsync).ProducesValidationProblem();
        videos.MapGet("/", ListAsync).ProducesValidationProblem();
        videos.MapGet("/{id}", GetAsync);
        videos.MapGet("/{id}/video", GetVideoAsync);
    }

    private static async Task<IResult> CreateAsync(NewVideo body, IJobStore store, VideoJobQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body.Problems() is { } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var now = time.GetUtcNow();
        var job = new VideoJob(JobIds.New(), body.Prompt!, body.ModeOrDefault, body.DurationOrDefault, JobStates.Queued, null, 0, null, null, now, now);

        // Stored first: from here on the job survives anything, and a lost enqueue is made good at the next start.
        await store.InsertAsync(job, cancellationToken);
        queue.Enqueue(job.Id);
        return TypedResults.Accepted(JobResponse.PathOf(job.Id), JobResponse.From(job));
    }

    private static async Task<IResult> ListAsync(IJobStore store, CancellationToken cancellationToken, int? limit = null)
    {
        if (limit is < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Use 1 to {MaxLimit}."] });
        }

        var jobs = await store.ListAsync(Math.Min(limit ?? DefaultLimit, MaxLimit), cancellationToken);
        return TypedResults.Ok(new JobList(jobs.Select(JobResponse.From).ToList()));
    }

    private static async Task<IResult> GetAsync(string id, IJobStore store, CancellationToken cancellationToken)
        => JobIds.IsValid(id) && await store.FindAsync(id, cancellationToken) is { } job
            ? TypedResults.Ok(JobResponse.From(job))
            : TypedResults.NotFound();

    private static async Task<IResult> GetVideoAsync(string id, IJobStore store, VideoFiles files, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(id) || await store.FindAsync(id, cancellationToken) is not { State: JobStates.Completed } || !files.Exists(id))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.PhysicalFile(files.PathFor(id), "video/mp4", fileDownloadName: null, enableRangeProcessing: true);
    }
}
