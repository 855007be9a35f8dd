namespace KlingO1.WebApi;

/// <summary>One video a caller asked for, and where it is.</summary>
internal sealed class VideoJob
{
    public VideoJob(string id, string prompt, string mode, int durationSeconds)
    {
        Id = id;
        Prompt = prompt;
        Mode = mode;
        DurationSeconds = durationSeconds;
    }

    public string Id { get; }

    public string Prompt { get; }

    public string Mode { get; }

    public int DurationSeconds { get; }

    /// <summary>pending, submitted, completed or failed.</summary>
    public string State { get; set; } = "pending";

    public string? TaskId { get; set; }

    public int Progress { get; set; }

    public Uri? VideoUrl { get; set; }

    public string? Error { get; set; }

    /// <summary>How the end was learnt: "webhook" or "polling".</summary>
    public string? FinishedBy { get; set; }
}
