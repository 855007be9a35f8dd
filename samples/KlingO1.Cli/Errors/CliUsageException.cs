using System;

namespace KlingO1.Cli.Errors
{
    /// <summary>The command line or its input is wrong (exit code 2, nothing was submitted); the message says how, in one line.</summary>
    internal sealed class CliUsageException : Exception
    {
        public CliUsageException(string message)
            : base(message)
        {
        }
    }
}
