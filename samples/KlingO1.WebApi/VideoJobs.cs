using System.Collections.Concurrent;
using System.Threading.Channels;

namespace KlingO1.WebApi;

/// <summary>The jobs, the queue the worker takes them from, and the webhook signals the worker waits on.</summary>
internal sealed class VideoJobs
{
    private readonly ConcurrentDictionary<string, VideoJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<VideoTask>> _webhookSignals = new(StringComparer.Ordinal);
    private readonly Channel<VideoJob> _queue = Channel.CreateUnbounded<VideoJob>();

    public ChannelReader<VideoJob> Queue => _queue.Reader;

    public VideoJob Add(string prompt, string mode, int durationSeconds)
    {
        var job = new VideoJob("job_" + Guid.NewGuid().ToString("N")[..12], prompt, mode, durationSeconds);
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    public VideoJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Returns what completes when a verified webhook reports the job's task finished.</summary>
    public Task<VideoTask> WebhookFor(string jobId)
        => _webhookSignals.GetOrAdd(jobId, _ => new TaskCompletionSource<VideoTask>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Delivers a video task's final event to the job it belongs to (by the business id the job was submitted with).</summary>
    public bool DeliverWebhook(VideoTask task)
    {
        var jobId = task.ClientBusinessId;
        if (jobId is null || !_jobs.ContainsKey(jobId))
        {
            return false;
        }

        _webhookSignals.GetOrAdd(jobId, _ => new TaskCompletionSource<VideoTask>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(task);
        return true;
    }
}
