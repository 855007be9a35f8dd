using System;
using System.IO;
using KlingO1.Cli.Output;

namespace KlingO1.Cli
{
    /// <summary>What every command writes to and runs on: the process's console, or a test's writers and fake clock.</summary>
    internal sealed class CliContext
    {
        /// <param name="output">Where results go (stdout).</param>
        /// <param name="error">Where progress, warnings and errors go (stderr).</param>
        /// <param name="interactive">Whether <paramref name="error"/> is a terminal: progress is then redrawn in place.</param>
        /// <param name="time">The clock of every wait, the client's and the built-in simulator's.</param>
        /// <param name="columns">The terminal's width, read at each redraw (it may be resized).</param>
        public CliContext(TextWriter output, TextWriter error, bool interactive, TimeProvider time, Func<int> columns)
        {
            Out = output;
            Error = error;
            Interactive = interactive;
            Time = time;
            Columns = columns;
        }

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        public bool Interactive { get; }

        public TimeProvider Time { get; }

        public Func<int> Columns { get; }

        /// <summary>Returns a progress display for one task on <see cref="Error"/>.</summary>
        public ProgressDisplay NewProgress() => new(Error, Interactive, Columns);
    }
}
