using System;

namespace KlingO1.Cli.Errors
{
    /// <summary>
    /// A command ended otherwise than it should, with a message already in the CLI's words (the task, and the `kling`
    /// command that goes on from there) and its exit code.
    /// </summary>
    internal sealed class CliFailure : Exception
    {
        public CliFailure(int exitCode, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            ExitCode = exitCode;
        }

        public int ExitCode { get; }
    }
}
