using Hangfire;
using KlingO1.WebApi.Hosting;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// A Hangfire recurring job, every minute on one instance of the fleet: queues a run for each unfinished job nobody
/// runs (no live lease, untouched for two leases). Such a job lost its run between the insert and the enqueue
/// on an instance that died, or was restored from a backup; without the sweep it would wait for the next start of some
/// instance (<see cref="UnfinishedJobsRecovery"/>). A job with a live lease is left to its run, so the sweep never
/// starts a chain of runs that wait for one another.
/// </summary>
internal sealed class OrphanedJobsSweep
{
    public const string RecurringJobId = "video-jobs-orphan-sweep";

    private readonly IJobStore _store;
    private readonly VideoJobQueue _queue;
    private readonly ServiceSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<OrphanedJobsSweep> _logger;

    public OrphanedJobsSweep(IJobStore store, VideoJobQueue queue, ServiceSettings settings, TimeProvider time, ILogger<OrphanedJobsSweep> logger)
    {
        _store = store;
        _queue = queue;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers the sweep (idempotent: every instance does it at start; Hangfire keeps one).</summary>
    public static void Register(IRecurringJobManager recurring)
        => recurring.AddOrUpdate<OrphanedJobsSweep>(RecurringJobId, sweep => sweep.SweepAsync(CancellationToken.None), Cron.Minutely());

    /// <summary>Queues a run for every orphaned job; returns how many.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var orphans = await _store.ListOrphanedIdsAsync(now, now - (2 * _settings.Lease), cancellationToken);
        foreach (var jobId in orphans)
        {
            _queue.Enqueue(jobId);
        }

        if (orphans.Count > 0)
        {
            _logger.LogWarning("Queued {Count} video jobs that had no run", orphans.Count);
        }

        return orphans.Count;
    }
}
