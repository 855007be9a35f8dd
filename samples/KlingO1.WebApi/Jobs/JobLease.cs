using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// A claimed job's row lease, renewed every third of its length while the run goes on. <see cref="Token"/> ends the
/// run's waits when the lease is lost (another instance took the job after this one stopped renewing in time), when the
/// job ended elsewhere (a webhook finished it: seen at a renewal, or told at once by <see cref="RunningJobs"/>), or when
/// the run itself is cancelled (shutdown). Disposing it gives the lease up, so a requeued run may start at once.
/// </summary>
internal sealed class JobLease : IAsyncDisposable
{
    private readonly IJobStore _store;
    private readonly string _jobId;
    private readonly string _owner;
    private readonly TimeSpan _length;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _ended;
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly CancellationTokenRegistration _finishedElsewhereRegistration;
    private readonly Task _renewing;
    private int _lost;
    private int _finishedElsewhere;

    private JobLease(IJobStore store, string jobId, string owner, TimeSpan length, TimeProvider time, ILogger logger, CancellationToken finishedElsewhere, CancellationToken runCancelled)
    {
        _store = store;
        _jobId = jobId;
        _owner = owner;
        _length = length;
        _time = time;
        _logger = logger;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(runCancelled);
        _finishedElsewhereRegistration = finishedElsewhere.Register(() => End(ref _finishedElsewhere));
        _renewing = RenewAsync();
    }

    /// <summary>Gets the token the run's waits take: cancelled when the lease is lost, the job ended elsewhere, or the run is cancelled.</summary>
    public CancellationToken Token => _ended.Token;

    /// <summary>Gets whether another holder has the job now: this run must stop and leave it alone.</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    /// <summary>Gets whether the job ended outside this run (a webhook): the run only makes sure the video is saved.</summary>
    public bool FinishedElsewhere => Volatile.Read(ref _finishedElsewhere) == 1;

    /// <summary>Starts renewing a lease the caller has just claimed for <paramref name="length"/>.</summary>
    public static JobLease Hold(
        IJobStore store, string jobId, string owner, TimeSpan length, TimeProvider time, ILogger logger, CancellationToken finishedElsewhere, CancellationToken runCancelled)
        => new(store, jobId, owner, length, time, logger, finishedElsewhere, runCancelled);

    public async ValueTask DisposeAsync()
    {
        await _stopRenewing.CancelAsync();
        await _renewing;
        await _finishedElsewhereRegistration.DisposeAsync();
        if (!Lost)
        {
            try
            {
                await _store.ReleaseLeaseAsync(_jobId, _owner, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // It expires by itself; only a requeued run waits for that.
                _logger.LogWarning(ex, "Could not release the lease of video job {JobId}", _jobId);
            }
        }

        _ended.Dispose();
        _stopRenewing.Dispose();
    }

    private async Task RenewAsync()
    {
        var heldUntil = _time.GetUtcNow() + _length;
        using var timer = new PeriodicTimer(_length / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopRenewing.Token))
            {
                var now = _time.GetUtcNow();
                string? state;
                try
                {
                    state = await _store.RenewLeaseAsync(_jobId, _owner, _length, now, _stopRenewing.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A passing database failure: the lease still holds until heldUntil, and the next tick tries again.
                    _logger.LogWarning(ex, "Could not renew the lease of video job {JobId}", _jobId);
                    if (_time.GetUtcNow() >= heldUntil)
                    {
                        End(ref _lost);
                        return;
                    }

                    continue;
                }

                if (state is null)
                {
                    _logger.LogWarning("Video job {JobId}: its lease was taken over; this run stops", _jobId);
                    End(ref _lost);
                    return;
                }

                heldUntil = now + _length;
                if (JobStates.IsTerminal(state))
                {
                    End(ref _finishedElsewhere);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stopRenewing.IsCancellationRequested)
        {
            // Disposed: the run is over.
        }
    }

    private void End(ref int reason)
    {
        Interlocked.Exchange(ref reason, 1);
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run is over already.
        }
    }
}
