using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Linq;
using KlingO1.Cli.Commands;
using KlingO1.Cli.Parsing;

namespace KlingO1.Cli
{
    /// <summary>Builds the `kling` command line: every command, and help that ends with the exit codes.</summary>
    internal static class CommandTree
    {
        public static RootCommand Create(CliContext context)
        {
            var root = new RootCommand("kling: generate videos with Kling Video O1 through ToAPIs, or without an API key on a built-in offline simulator.")
            {
                GenerateCommand.Create(context),
                BatchCommand.Create(context),
                StatusCommand.Create(context),
                WaitCommand.Create(context),
                DownloadCommand.Create(context),
                UploadCommand.Create(context),
                SimulateCommand.Create(context),
                CompletionCommand.Create(context),
            };

            // Help names the command as users type it, also when the tests host it.
            root.HelpName = "kling";
            var version = root.Options.OfType<VersionOption>().Single();
            version.Action = new PrintVersion();

            var help = root.Options.OfType<HelpOption>().Single();
            var helpAction = (HelpAction)help.Action!;
            helpAction.MaxWidth = context.Columns();
            help.Action = new HelpWithEpilog(helpAction, command => command.Name switch
            {
                "batch" => BatchCommand.Notes,
                "generate" => GenerateCommand.Notes,
                "completion" => CompletionCommand.Notes,
                _ => null,
            });
            return root;
        }
    

        /// <summary>Prints the version of the `kling` assembly (the parser's own would print the host's under a test runner).</summary>
        private sealed class PrintVersion : SynchronousCommandLineAction
        {
            public static string Version { get; } = typeof(CommandTree).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

            public override bool ClearsParseErrors => true;

            public override int Invoke(ParseResult parseResult)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(Version);
                return ExitCodes.Ok;
            }
        }
    }
}
