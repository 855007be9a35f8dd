namespace KlingO1.WebApi;

/// <summary>
/// Runs queued jobs, at most <c>Jobs:MaxConcurrency</c> at once: submits each (its job id as the client business id,
/// so a lost submit answer can be recovered), then waits for whichever comes first, the verified webhook or polling.
/// </summary>
internal sealed class VideoJobWorker : BackgroundService
{
    private readonly VideoJobs _jobs;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<VideoJobWorker> _logger;
    private readonly SemaphoreSlim _slots;

    public VideoJobWorker(VideoJobs jobs, IServiceScopeFactory scopes, IConfiguration configuration, ILogger<VideoJobWorker> logger)
    {
        _jobs = jobs;
        _scopes = scopes;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, configuration.GetValue("Jobs:MaxConcurrency", 4)));
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _jobs.Queue.ReadAllAsync(stoppingToken))
        {
            await _slots.WaitAsync(stoppingToken);
            _ = RunAsync(job, stoppingToken).ContinueWith(_ => _slots.Release(), TaskScheduler.Default);
        }
    }

    private async Task RunAsync(VideoJob job, CancellationToken stoppingToken)
    {
        using var scope = _scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IKlingVideoClient>();
        try
        {
            var request = new VideoGenerationRequest(job.Prompt)
            {
                Mode = new VideoMode(job.Mode),
                Duration = VideoDuration.FromSeconds(job.DurationSeconds),
                ClientBusinessId = job.Id,
            };
            var generation = await client.StartGenerationAsync(request, stoppingToken);
            job.TaskId = generation.Id;
            job.State = "submitted";

            // The webhook usually arrives first; polling covers a webhook that never comes.
            using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var webhook = _jobs.WebhookFor(job.Id);
            var polling = FinalTaskAsync(generation.WaitForCompletionAsync(new Progress<VideoTask>(t => job.Progress = t.Progress), stopPolling.Token));
            var first = await Task.WhenAny(webhook, polling);
            await stopPolling.CancelAsync();
            var final = await first;
            Finish(job, final, first == webhook ? "webhook" : "polling");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the task goes on at the service; the job stays as it is.
        }
        catch (Exception ex) when (ex is KlingException or ArgumentException)
        {
            job.State = "failed";
            job.Error = ex.Message;
            _logger.LogWarning(ex, "Video job {JobId} failed", job.Id);
        }
    }

    /// <summary>The task a wait ended with: a failed task is thrown by the wait, and is a job's outcome like any other.</summary>
    private static async Task<VideoTask> FinalTaskAsync(Task<VideoTask> wait)
    {
        try
        {
            return await wait;
        }
        catch (VideoTaskFailedException failed)
        {
            return failed.Task;
        }
    }

    private static void Finish(VideoJob job, VideoTask task, string finishedBy)
    {
        job.Progress = task.Progress;
        job.VideoUrl = task.VideoUrl;
        job.Error = task.Error?.ToString();
        job.FinishedBy = finishedBy;
        job.State = task.Status == VideoTaskStatus.Completed ? "completed" : "failed";
    }
}
