using System;
using System.Globalization;
using System.IO;

namespace KlingO1.Cli
{
    /// <summary>
    /// Shows a task's progress: a bar redrawn in place on a terminal, or one line per change when the output is
    /// redirected (logs stay readable).
    /// </summary>
    internal sealed class ProgressDisplay : IProgress<VideoTask>
    {
        private const int Width = 30;
        private readonly TextWriter _out;
        private readonly bool _inPlace;
        private bool _drawn;

        public ProgressDisplay(TextWriter output, bool inPlace)
        {
            _out = output;
            _inPlace = inPlace;
        }

        public void Report(VideoTask value)
        {
            var filled = value.Progress * Width / 100;
            var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('-', Width - filled)}] {value.Progress,3}%  {value.Status}");
            if (_inPlace)
            {
                _out.Write("\r" + line.PadRight(Width + 24));
                _drawn = true;
            }
            else
            {
                _out.WriteLine(line);
            }
        }

        /// <summary>Ends the in-place line so the next output starts on its own line.</summary>
        public void Finish()
        {
            if (_drawn)
            {
                _out.WriteLine();
                _drawn = false;
            }
        }
    }
}
