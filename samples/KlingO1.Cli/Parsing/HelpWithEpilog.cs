using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace KlingO1.Cli.Parsing
{
    /// <summary>
    /// The parser's help, followed by what it has no section for: the exit codes (every command's), the environment
    /// variables, and a command's own notes (the batch file format, for one).
    /// </summary>
    internal sealed class HelpWithEpilog : SynchronousCommandLineAction
    {
        private readonly HelpAction _help;
        private readonly Func<Command, string?> _notes;

        /// <param name="help">The parser's help action.</param>
        /// <param name="notes">A command's own notes, or null.</param>
        public HelpWithEpilog(HelpAction help, Func<Command, string?> notes)
        {
            _help = help;
            _notes = notes;
        }

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            _help.Invoke(parseResult);
            var output = parseResult.InvocationConfiguration.Output;
            if (_notes(parseResult.CommandResult.Command) is { } notes)
            {
                output.WriteLine(notes);
                output.WriteLine();
            }

            output.WriteLine("""
                Environment:
                  TOAPIS_API_KEY   the API key (--api-key); without one, generate and batch run on the built-in simulator
                  TOAPIS_BASE_URL  the service's address (--base-url)
                """);
            output.WriteLine();
            output.WriteLine(ExitCodes.Help);
            return ExitCodes.Ok;
        }
    }
}
