using Hangfire;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// At start, once the tables exist (<see cref="Hosting.JobEngineSetup.PrepareDatabaseAsync"/>), queues a run for every
/// job not yet ended (queued or submitted). Hangfire brings back the runs it holds (requeued at shutdown, or fetched
/// again after its invisibility timeout); this also covers a job whose run was never stored (a crash between the insert
/// and the enqueue) and a database restored from a backup. Each instance of a fleet does it; the row lease keeps the
/// extra runs idle. It also registers <see cref="OrphanedJobsSweep"/>, which does the same while the fleet runs, for jobs
/// nobody holds.
/// </summary>
internal sealed class UnfinishedJobsRecovery : IHostedService
{
    private readonly IJobStore _store;
    private readonly VideoJobQueue _queue;
    private readonly IRecurringJobManager _recurring;
    private readonly ILogger<UnfinishedJobsRecovery> _logger;

    public UnfinishedJobsRecovery(IJobStore store, VideoJobQueue queue, IRecurringJobManager recurring, ILogger<UnfinishedJobsRecovery> logger)
    {
        _store = store;
        _queue = queue;
        _recurring = recurring;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var unfinished = await _store.ListUnfinishedIdsAsync(cancellationToken);
        foreach (var jobId in unfinished)
        {
            _queue.Enqueue(jobId);
        }

        if (unfinished.Count > 0)
        {
            _logger.LogInformation("Queued {Count} unfinished video jobs again", unfinished.Count);
        }

        OrphanedJobsSweep.Register(_recurring);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
