using Hangfire.Common;
using Hangfire.States;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// When Hangfire gives up on a run (its automatic retries are spent, so it moves the run to Failed), marks the job
/// failed with the last error, so a caller never watches a job that nothing will finish. Runs after
/// <see cref="Hangfire.AutomaticRetryAttribute"/>, which turns every earlier failure into a scheduled retry.
/// </summary>
internal sealed class FailJobWhenRetriesRunOut : JobFilterAttribute, IElectStateFilter
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FailJobWhenRetriesRunOut(IJobStore store, TimeProvider time, ILogger<FailJobWhenRetriesRunOut> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        Order = 30;
    }

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not FailedState failed
            || context.BackgroundJob.Job?.Type != typeof(VideoJobRunner)
            || context.BackgroundJob.Job.Args.FirstOrDefault() is not string jobId)
        {
            return;
        }

        _logger.LogError(failed.Exception, "Video job {JobId} failed after its retries", jobId);
        try
        {
            // Hangfire's filters are synchronous; this runs on one of its worker threads, which have no context to block.
            _store.FinishAsync(jobId, JobOutcome.Failure("Gave up after retries: " + failed.Exception.Message, taskId: null), _time.GetUtcNow(), CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Could not mark video job {JobId} failed; it runs again at the next start", jobId);
        }
    }
}
