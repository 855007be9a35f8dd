using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// Saves a waiting job's progress as the wait reports it, writing only when the percentage changed (a wait reports every
/// change of status too), one write at a time and in order. A failed write is logged and skipped: progress is shown to
/// callers, nothing depends on it.
/// </summary>
internal sealed class ProgressRecorder : IProgress<VideoTask>
{
    private readonly IJobStore _store;
    private readonly string _jobId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _saved;
    private Task _writes = Task.CompletedTask;

    public ProgressRecorder(IJobStore store, string jobId, int saved, TimeProvider time, ILogger logger)
    {
        _store = store;
        _jobId = jobId;
        _saved = saved;
        _time = time;
        _logger = logger;
    }

    public void Report(VideoTask value)
    {
        lock (_gate)
        {
            if (value.Progress == _saved)
            {
                return;
            }

            _saved = value.Progress;
            var progress = value.Progress;
            _writes = _writes.ContinueWith(_ => SaveAsync(progress), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits for the writes under way, so the final state is not overtaken by a late progress write.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _writes;
        }
    }

    private async Task SaveAsync(int progress)
    {
        try
        {
            await _store.SaveProgressAsync(_jobId, progress, _time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "Could not save the progress of video job {JobId}", _jobId);
        }
    }
}
