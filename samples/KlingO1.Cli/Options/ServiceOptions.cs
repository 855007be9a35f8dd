using System.CommandLine;

namespace KlingO1.Cli.Options
{
    /// <summary>Where a command connects: `--api-key` and `--base-url`, each defaulting to its environment variable.</summary>
    internal sealed class ServiceOptions
    {
        public Option<string> ApiKey { get; } = new("--api-key")
        {
            Description = "The ToAPIs API key (default: TOAPIS_API_KEY). Without one, generate and batch run on the built-in offline simulator.",
            HelpName = "key",
        };

        public Option<string> BaseUrl { get; } = new("--base-url")
        {
            Description = "The service's address (default: TOAPIS_BASE_URL, else https://toapis.com/), e.g. a running `kling simulate`.",
            HelpName = "url",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(ApiKey);
            command.Options.Add(BaseUrl);
        }
    }
}
