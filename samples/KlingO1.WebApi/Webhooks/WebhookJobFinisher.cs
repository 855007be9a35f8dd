using KlingO1.WebApi.Jobs;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Webhooks;

/// <summary>
/// Ends a job from its task's verified final event. A completed task's video is saved first, so a job shown completed
/// always has its MP4 (whether a webhook or the runner got there first); a failure to save it fails the delivery,
/// which the service retries, while the runner's wait goes on regardless. The run waiting on the job is told, here at
/// once or on another instance at its next lease renewal.
/// </summary>
internal sealed class WebhookJobFinisher
{
    private readonly IJobStore _store;
    private readonly VideoSaver _saver;
    private readonly VideoFiles _files;
    private readonly RunningJobs _running;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookJobFinisher> _logger;

    public WebhookJobFinisher(IJobStore store, VideoSaver saver, VideoFiles files, RunningJobs running, TimeProvider time, ILogger<WebhookJobFinisher> logger)
    {
        _store = store;
        _saver = saver;
        _files = files;
        _running = running;
        _time = time;
        _logger = logger;
    }

    /// <summary>Finds the event's job (by task id, or by the business id it was submitted with).</summary>
    public Task<string?> FindJobAsync(KlingWebhookEvent webhookEvent, CancellationToken cancellationToken)
        => _store.FindIdByTaskAsync(webhookEvent.TaskId, webhookEvent.ClientBusinessId, cancellationToken);

    /// <summary>Ends the job with the event's task (idempotent: an ended job keeps its outcome).</summary>
    public async Task FinishAsync(string jobId, VideoTask task, CancellationToken cancellationToken)
    {
        // A job that failed already (the runner gave up, or refused it) stays failed: its video would never be served, so
        // downloading it only fills the disk, and a video no longer there (an expired or failed task's) would answer 500
        // and have the service redeliver the event again and again.
        if (await _store.FindAsync(jobId, cancellationToken) is { State: JobStates.Failed })
        {
            _logger.LogInformation("Webhook for video job {JobId} (task {TaskId}) ignored: the job had failed already", jobId, task.Id);
            return;
        }

        if (task.Status == VideoTaskStatus.Completed && !_files.Exists(jobId))
        {
            await _saver.SaveAsync(jobId, task, cancellationToken);
        }

        if (await _store.FinishAsync(jobId, JobOutcome.From(task, FinishedBy.Webhook), _time.GetUtcNow(), cancellationToken))
        {
            _logger.LogInformation("Video job {JobId} {State} by webhook (task {TaskId})", jobId, task.Status, task.Id);
        }

        _running.NotifyFinished(jobId);
    }
}
