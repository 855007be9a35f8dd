namespace KlingO1.WebApi.Jobs;

/// <summary>Where each job's MP4 is saved: <c>Jobs:VideoDirectory/{jobId}.mp4</c>, shared by the instances of a fleet.</summary>
internal sealed class VideoFiles
{
    private readonly string _directory;

    public VideoFiles(string directory)
    {
        _directory = directory;
    }

    /// <summary>The job's file; pass only ids checked by <see cref="Storage.JobIds.IsValid"/>.</summary>
    public string PathFor(string jobId) => Path.Combine(_directory, jobId + ".mp4");

    public bool Exists(string jobId) => File.Exists(PathFor(jobId));
}
