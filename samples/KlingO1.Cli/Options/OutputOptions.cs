using System.CommandLine;

namespace KlingO1.Cli.Options
{
    /// <summary>Where a video is saved: `--out` and `--overwrite`.</summary>
    internal sealed class OutputOptions
    {
        public OutputOptions(string defaultName)
        {
            Out = new Option<string>("--out", "-o")
            {
                Description = $"Where to save the video (default: {defaultName}; a folder saves {defaultName} in it). An existing file is kept unless --overwrite.",
                HelpName = "file",
            };
        }

        public Option<string> Out { get; }

        public Option<bool> Overwrite { get; } = new("--overwrite")
        {
            Description = "Replace an existing file at --out (otherwise refused before anything is submitted).",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Out);
            command.Options.Add(Overwrite);
        }
    }
}
