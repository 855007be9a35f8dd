using System;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// A writer that collects text and hands out each completed line as it is written, so a test can wait for a
    /// long-running command's output (an address it prints) instead of polling or sleeping. Thread-safe.
    /// </summary>
    internal sealed class LineWriter : System.IO.TextWriter
    {
        // Guards a test against hanging forever if the line never comes; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly StringBuilder _all = new();
        private readonly StringBuilder _line = new();
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_all)
            {
                _all.Append(value);
                if (value == '\n')
                {
                    _lines.Writer.TryWrite(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        /// <summary>Waits for a line <paramref name="match"/> accepts and returns it.</summary>
        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(guard.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }

        public override string ToString()
        {
            lock (_all)
            {
                return _all.ToString();
            }
        }
    }
}
