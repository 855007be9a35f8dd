namespace KlingO1.Cli.Batch
{
    /// <summary>What `kling batch`'s options give every item that does not say otherwise.</summary>
    internal sealed record BatchDefaults(VideoMode? Mode, VideoDuration? Duration, AspectRatio? AspectRatio);
}
