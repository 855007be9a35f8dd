using KlingO1.WebApi.Jobs;
using KlingO1.WebApi.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KlingO1.WebApi.Endpoints;

/// <summary>
/// The jobs API (service key required): <c>POST /videos</c> stores the job before anything is submitted and queues its
/// run, <c>GET /videos/{id}</c> and <c>GET /videos</c> show jobs, <c>GET /videos/{id}/video</c> serves the MP4.
/// </summary>
internal static class VideoEndpoints
{
    /// <summary>The largest <c>POST /videos</c> body taken.</summary>
    public const int MaxCreateBodyBytes = 64 * 1024;

    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        var videos = app.MapGroup("/videos").WithTags("Videos");
        // A prompt is short (the SDK's prompt rules bound it): a body far beyond one is refused (413) before anything
        // parses it, not at Kestrel's default request size.
        videos.MapPost("/", CreateAsync).ProducesValidationProblem().WithMetadata(new RequestSizeLimitAttribute(MaxCreateBodyBytes));
        videos.MapGet("/", ListAsync).ProducesValidationProblem();
        videos.MapGet("/{id}", GetAsync);
        videos.MapGet("/{id}/video", GetVideoAsync);
    }

    private static async Task<IResult> CreateAsync(
        NewVideo body, IJobStore store, VideoJobQueue queue, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (body.Problems() is { } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var now = time.GetUtcNow();
        var job = new VideoJob(JobIds.New(), body.Prompt!, body.ModeOrDefault, body.DurationOrDefault, JobStates.Queued, null, 0, null, null, now, now);

        // Stored first: from here on the job survives anything, and a lost enqueue is made good at the next start.
        await store.InsertAsync(job, cancellationToken);
        if (!await TryEnqueueAsync(job, store, queue, time, loggers))
        {
            return TypedResults.Problem(
                "The job could not be queued; nothing was submitted. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return TypedResults.Accepted(JobResponse.PathOf(job.Id), JobResponse.From(job));
    }

    /// <summary>
    /// Queues the stored job's run. When that fails (Hangfire's storage refused it), the caller is told the job was not
    /// accepted, so the row is marked failed: left <c>queued</c>, it would sit unseen until the next start queued it and
    /// then submitted (and billed) a video the caller was told failed, and had perhaps already asked for again.
    /// </summary>
    private static async Task<bool> TryEnqueueAsync(VideoJob job, IJobStore store, VideoJobQueue queue, TimeProvider time, ILoggerFactory loggers)
    {
        try
        {
            queue.Enqueue(job.Id);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var logger = loggers.CreateLogger(typeof(VideoEndpoints));
            logger.LogError(ex, "Video job {JobId} could not be queued; it is marked failed", job.Id);
            try
            {
                // A run queued after all finds the job ended and does nothing.
                await store.FinishAsync(job.Id, JobOutcome.Failure("The job could not be queued; nothing was submitted.", taskId: null), time.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception markEx) when (markEx is not OutOfMemoryException)
            {
                logger.LogError(markEx, "Video job {JobId} could not be marked failed either; the next start runs it", job.Id);
            }

            return false;
        }
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
