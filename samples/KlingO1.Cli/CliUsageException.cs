using System;

namespace KlingO1.Cli
{
    /// <summary>The command line is wrong; the message says how, and the usage text follows it.</summary>
    internal sealed class CliUsageException : Exception
    {
        public CliUsageException(string message)
            : base(message)
        {
        }
    }
}
