using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Output;
using KlingO1.Cli.Parsing;

namespace KlingO1.Cli
{
    /// <summary>The `kling` commands, runnable in-process (the tests drive it with their own writers and clock).</summary>
    internal sealed class KlingCli
    {
        public const int Ok = ExitCodes.Ok;
        public const int Failed = ExitCodes.Failed;
        public const int BadUsage = ExitCodes.BadUsage;
        public const int Cancelled = ExitCodes.Cancelled;
        public const int Terminated = ExitCodes.Terminated;

        private readonly CliContext _context;

        /// <param name="output">Where results go.</param>
        /// <param name="error">Where progress, warnings and errors go.</param>
        /// <param name="interactive">Whether <paramref name="error"/> is a terminal (progress redrawn in place).</param>
        /// <param name="time">The clock of every wait, the client's and the built-in simulator's; tests pass a fake one.</param>
        /// <param name="columns">The terminal's width (default: 80 columns).</param>
        public KlingCli(TextWriter output, TextWriter error, bool interactive, TimeProvider? time = null, Func<int>? columns = null)
        {
            _context = new CliContext(output, error, interactive, time ?? TimeProvider.System, columns ?? (() => TerminalWidth.Default));
        }

        /// <summary>Runs one command line and returns the process exit code; never throws for expected failures.</summary>
        public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
        {
            var root = CommandTree.Create(_context);
            var parse = root.Parse(args);
            if (parse.Action is not { ClearsParseErrors: true } && ParseProblems.Describe(parse) is { } problem)
            {
                // One line: what is wrong, and where the whole story is.
                await _context.Error.WriteLineAsync($"error: {problem} See `{ParseProblems.CommandPath(parse.CommandResult)} --help`.").ConfigureAwait(false);
                return BadUsage;
            }

            var invocation = new InvocationConfiguration
            {
                Output = _context.Out,
                Error = _context.Error,

                // Ctrl+C and SIGTERM are the program's (Program.cs): they cancel the token, and SIGTERM ends with 143.
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            };
            try
            {
                return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ErrorReport.Describe(ex, cancellationToken) is { } report)
            {
                await _context.Error.WriteLineAsync(report.Message).ConfigureAwait(false);
                return report.ExitCode;
            }
        }
    }
}
