using KlingO1.Cli.Requests;

namespace KlingO1.Cli.Batch
{
    /// <summary>One video of a batch file.</summary>
    /// <param name="Number">Its place among the items, from 1.</param>
    /// <param name="Line">Its line in the file, for messages.</param>
    /// <param name="Spec">What the video is made of, the batch's defaults applied.</param>
    /// <param name="Out">Where it goes, as the line says (relative to `--out-dir`), or null for the default name.</param>
    /// <param name="Key">The item's identity in the journal: its request's fingerprint and how many items before it share it.</param>
    internal sealed record BatchItem(int Number, int Line, RequestSpec Spec, string? Out, string Key);
}
