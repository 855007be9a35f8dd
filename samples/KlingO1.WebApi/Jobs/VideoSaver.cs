using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Jobs;

/// <summary>
/// Saves a completed task's MP4 as its job's file. The SDK streams it to a temporary name beside the target and moves it
/// into place when whole, so a half-written video never shows, and two instances saving the same one are harmless.
/// </summary>
internal sealed class VideoSaver
{
    private readonly IKlingVideoClient _client;
    private readonly VideoFiles _files;

    public VideoSaver(IKlingVideoClient client, VideoFiles files)
    {
        _client = client;
        _files = files;
    }

    public async Task SaveAsync(string jobId, VideoTask completed, CancellationToken cancellationToken)
        => await _client.DownloadVideoAsync(completed, _files.PathFor(jobId), cancellationToken: cancellationToken);

    /// <summary>Saves the video of a job that ended completed without it (a deleted file, a save interrupted after a webhook).</summary>
    public async Task SaveIfMissingAsync(VideoJob job, CancellationToken cancellationToken)
    {
        if (job.State != JobStates.Completed || job.TaskId is null || _files.Exists(job.Id))
        {
            return;
        }

        await SaveAsync(job.Id, await _client.GetTaskAsync(job.TaskId, cancellationToken), cancellationToken);
    }
}
