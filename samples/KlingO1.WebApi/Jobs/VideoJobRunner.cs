using Hangfire;
using KlingO1.WebApi.Hosting;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// Runs one video job as a Hangfire job, at least once and as often as it is delivered: the row lease lets one run at a
/// time do the work, and <see cref="IKlingVideoClient.StartGenerationOnceAsync"/> with the job id as business id adopts
/// the task a run before it submitted. A run claims the lease, starts (or resumes) the task, saves its id, waits with
/// progress, saves the MP4 and marks the job completed; a failed task marks it failed, and so does a refusal no retry
/// can change (an invalid request, no balance, a task the service does not know, an expired video). Any other failure
/// is thrown, so Hangfire tries again later; a shutdown cancels the run and Hangfire requeues it.
/// </summary>
internal sealed class VideoJobRunner
{
    private readonly IJobStore _store;
    private readonly IKlingVideoClient _client;
    private readonly VideoSaver _saver;
    private readonly RunningJobs _running;
    private readonly VideoJobQueue _queue;
    private readonly ServiceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<VideoJobRunner> _logger;

    public VideoJobRunner(
        IJobStore store, IKlingVideoClient client, VideoSaver saver, RunningJobs running, VideoJobQueue queue, ServiceSettings settings, TimeProvider time, ILogger<VideoJobRunner> logger)
    {
        _store = store;
        _client = client;
        _saver = saver;
        _running = running;
        _queue = queue;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs the job (Hangfire's entry point: its only argument is the job id).</summary>
    /// <param name="jobId">The row in <c>video_jobs</c>.</param>
    /// <param name="cancellationToken">Hangfire's: cancelled at shutdown, when the run is requeued.</param>
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 60, 120, 300])]
    public async Task RunAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!_running.TryEnter(jobId, out var finishedElsewhere))
        {
            // Another run of the job goes on here (queued again at start beside the one Hangfire requeued): it does the work.
            _logger.LogDebug("Video job {JobId} already runs on this instance", jobId);
            return;
        }

        try
        {
            var claim = await _store.TryClaimAsync(jobId, _settings.LeaseOwner, _settings.Lease, _time.GetUtcNow(), cancellationToken);
            if (claim.Job is not { } job)
            {
                _logger.LogWarning("Video job {JobId} does not exist; nothing to run", jobId);
            }
            else if (claim.Claimed)
            {
                await using var lease = JobLease.Hold(_store, jobId, _settings.LeaseOwner, _settings.Lease, _time, _logger, finishedElsewhere, cancellationToken);
                await RunClaimedAsync(job, lease, cancellationToken);
            }
            else if (claim.HeldUntil is { } until)
            {
                var delay = until - _time.GetUtcNow() + TimeSpan.FromSeconds(1);
                _logger.LogInformation("Video job {JobId} is held by another run until {HeldUntil}; tried again then", jobId, until);
                _queue.Schedule(jobId, delay > TimeSpan.Zero ? delay : TimeSpan.FromSeconds(1));
            }
            else
            {
                await _saver.SaveIfMissingAsync(job, cancellationToken);
            }
        }
        finally
        {
            _running.Leave(jobId);
        }
    }

    private async Task RunClaimedAsync(VideoJob job, JobLease lease, CancellationToken cancellationToken)
    {
        try
        {
            var generation = await StartAsync(job, lease.Token);
            var progress = new ProgressRecorder(_store, job.Id, job.Progress, _time, _logger);
            VideoTask task;
            try
            {
                task = await generation.WaitForCompletionAsync(progress, lease.Token);
            }
            finally
            {
                await progress.FlushAsync();
            }

            await _saver.SaveAsync(job.Id, task, lease.Token);
            await FinishAsync(job.Id, JobOutcome.From(task, FinishedBy.Polling));
            _logger.LogInformation("Video job {JobId} completed (task {TaskId})", job.Id, task.Id);
        }
        catch (OperationCanceledException) when (lease.FinishedElsewhere && !cancellationToken.IsCancellationRequested)
        {
            // A webhook ended it; its video is saved before a job is marked completed, unless that was interrupted.
            if (await _store.FindAsync(job.Id, cancellationToken) is { } ended)
            {
                await _saver.SaveIfMissingAsync(ended, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (lease.Lost && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogInformation("Video job {JobId} is run by another instance now", job.Id);
        }
        catch (VideoTaskFailedException failed)
        {
            await FinishAsync(job.Id, JobOutcome.From(failed.Task, FinishedBy.Polling));
            _logger.LogInformation("Video job {JobId} failed at the service: {Error}", job.Id, failed.Task.Error);
        }
        catch (Exception ex) when (ex is JobCannotRunException or KlingInvalidRequestException or KlingInsufficientBalanceException or KlingNotFoundException or VideoExpiredException)
        {
            await FinishAsync(job.Id, JobOutcome.Failure(ex.Message, job.TaskId));
            _logger.LogWarning(ex, "Video job {JobId} failed and is not retried", job.Id);
        }
    }

    /// <summary>Resumes the task the job has, or starts it once by its business id (adopting one a lost run submitted).</summary>
    private async Task<VideoGenerationOperation> StartAsync(VideoJob job, CancellationToken cancellationToken)
    {
        var mode = new VideoMode(job.Mode);
        var duration = VideoDuration.FromSeconds(job.Duration);
        if (job.TaskId is { } taskId)
        {
            return _client.ResumeGeneration(taskId, mode, duration);
        }

        VideoGenerationRequest request;
        try
        {
            request = new VideoGenerationRequest(job.Prompt) { Mode = mode, Duration = duration, ClientBusinessId = job.Id, CallbackUrl = _settings.CallbackUrl };
        }
        catch (ArgumentException ex)
        {
            throw new JobCannotRunException("The request is invalid: " + ex.Message, ex);
        }

        VideoGenerationOperation generation;
        try
        {
            generation = await _client.StartGenerationOnceAsync(request, cancellationToken);
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            throw new JobCannotRunException(ex.Message, ex);
        }

        // Saved even if the run is being cancelled: the task exists and is billed, and the next run resumes it.
        await _store.MarkSubmittedAsync(job.Id, generation.Id, generation.Latest?.Progress ?? 0, _time.GetUtcNow(), CancellationToken.None);
        _logger.LogInformation("Video job {JobId} has task {TaskId}", job.Id, generation.Id);
        return generation;
    }

    private Task FinishAsync(string jobId, JobOutcome outcome) => _store.FinishAsync(jobId, outcome, _time.GetUtcNow(), CancellationToken.None);
}
