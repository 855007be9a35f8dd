using Hangfire;

namespace KlingO1.WebApi.Jobs;

/// <summary>Puts runs of <see cref="VideoJobRunner"/> on Hangfire's queue; a run's only argument is its job id.</summary>
internal sealed class VideoJobQueue
{
    private readonly IBackgroundJobClient _hangfire;

    public VideoJobQueue(IBackgroundJobClient hangfire)
    {
        _hangfire = hangfire;
    }

    public void Enqueue(string jobId) => _hangfire.Enqueue<VideoJobRunner>(runner => runner.RunAsync(jobId, CancellationToken.None));

    /// <summary>Runs the job again after <paramref name="delay"/>: when the live lease of another run ends.</summary>
    public void Schedule(string jobId, TimeSpan delay) => _hangfire.Schedule<VideoJobRunner>(runner => runner.RunAsync(jobId, CancellationToken.None), delay);
}
