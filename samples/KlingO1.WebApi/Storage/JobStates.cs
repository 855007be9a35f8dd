namespace KlingO1.WebApi.Storage;

/// <summary>The states of a job, as stored and as the API shows them.</summary>
internal static class JobStates
{
    /// <summary>Accepted and stored; nothing submitted yet.</summary>
    public const string Queued = "queued";

    /// <summary>The task exists at the service (submitted, or adopted by its business id).</summary>
    public const string Submitted = "submitted";

    /// <summary>The task completed; the video is saved, or being saved when a webhook told first.</summary>
    public const string Completed = "completed";

    /// <summary>The task failed, or the job could not be run; <see cref="VideoJob.Error"/> says why.</summary>
    public const string Failed = "failed";

    public static bool IsTerminal(string state) => state is Completed or Failed;
}
