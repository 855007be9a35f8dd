namespace KlingO1.WebApi.Endpoints;

/// <summary>The body of <c>POST /videos</c>.</summary>
/// <param name="Prompt">What to generate (required).</param>
/// <param name="Mode"><c>std</c> (the default) or <c>pro</c>.</param>
/// <param name="Duration">5 (the default) or 10 seconds.</param>
internal sealed record NewVideo(string? Prompt, string? Mode, int? Duration)
{
    public string ModeOrDefault => Mode ?? "std";

    public int DurationOrDefault => Duration ?? 5;

    /// <summary>
    /// Checks the request now, the way the SDK will when the job runs, so a bad one is refused here with 400 instead of
    /// failing in the background.
    /// </summary>
    /// <returns>The problems by field, or <see langword="null"/> when there are none.</returns>
    public Dictionary<string, string[]>? Problems()
    {
        if (string.IsNullOrWhiteSpace(Prompt))
        {
            return new() { ["prompt"] = ["A prompt is required."] };
        }

        if (ModeOrDefault is not ("std" or "pro"))
        {
            return new() { ["mode"] = ["Use std or pro."] };
        }

        if (DurationOrDefault is not (5 or 10))
        {
            return new() { ["duration"] = ["Use 5 or 10 (seconds)."] };
        }

        try
        {
            _ = new VideoGenerationRequest(Prompt) { Mode = new VideoMode(ModeOrDefault), Duration = VideoDuration.FromSeconds(DurationOrDefault) };
            return null;
        }
        catch (ArgumentException ex)
        {
            return new() { ["prompt"] = [ex.Message] };
        }
    }
}
