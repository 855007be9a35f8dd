using System.Collections.Concurrent;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// The jobs this instance runs right now. It keeps a second run of one job in this process from working beside the
/// first (the lease is this instance's, so the lease alone would let it in: a run queued again at start beside the one
/// Hangfire requeued at shutdown), and lets a webhook received here end the local run's wait at once instead of at its
/// next lease renewal.
/// </summary>
internal sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Registers a run; <see langword="false"/> when the job already runs here.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="finishedElsewhere">Cancelled when <see cref="NotifyFinished"/> is called for the job.</param>
    public bool TryEnter(string jobId, out CancellationToken finishedElsewhere)
    {
        var signal = new CancellationTokenSource();
        if (_running.TryAdd(jobId, signal))
        {
            finishedElsewhere = signal.Token;
            return true;
        }

        signal.Dispose();
        finishedElsewhere = CancellationToken.None;
        return false;
    }

    public void Leave(string jobId)
    {
        if (_running.TryRemove(jobId, out var signal))
        {
            signal.Dispose();
        }
    }

    /// <summary>Tells the local run of the job, if any, that its job has ended (a webhook finished it).</summary>
    public void NotifyFinished(string jobId)
    {
        if (_running.TryGetValue(jobId, out var signal))
        {
            try
            {
                signal.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run left in the meantime: nothing to tell.
            }
        }
    }
}
