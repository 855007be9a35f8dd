using System.Text;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// A child process's stdout and stderr, interleaved as the lines arrived, kept for the failure report. A 200-job run
    /// logs a lot: the start (where a crash at startup shows) and the most recent lines are kept, the middle dropped.
    /// </summary>
    internal sealed class ProcessOutput
    {
        private const int HeadLines = 200;
        private const int TailLines = 2_000;
        private readonly List<string> _head = new();
        private readonly Queue<string> _tail = new();
        private long _dropped;

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_tail)
            {
                if (_head.Count < HeadLines)
                {
                    _head.Add(line);
                    return;
                }

                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                {
                    _tail.Dequeue();
                    _dropped++;
                }
            }
        }

        /// <summary>Whether any line kept so far contains <paramref name="text"/>.</summary>
        public bool Contains(string text)
        {
            lock (_tail)
            {
                return _head.Any(line => line.Contains(text, StringComparison.Ordinal)) || _tail.Any(line => line.Contains(text, StringComparison.Ordinal));
            }
        }

        public override string ToString()
        {
            lock (_tail)
            {
                var text = new StringBuilder();
                foreach (var line in _head)
                {
                    text.AppendLine(line);
                }

                if (_dropped > 0)
                {
                    text.AppendLine($"... {_dropped} lines left out ...");
                }

                foreach (var line in _tail)
                {
                    text.AppendLine(line);
                }

                return text.ToString();
            }
        }
    }
}
