using System;
using System.Globalization;
using System.IO;

namespace KlingO1.Cli.Output
{
    /// <summary>
    /// Shows a task's progress. On a terminal: one line redrawn in place, a bar fitted to the terminal's width (a narrow
    /// terminal gets the figures without the bar), never reaching the last column, where terminals wrap. Redirected (a log,
    /// a pipe, CI): one plain line per change, without a bar, as `kling status` prints a task.
    /// </summary>
    internal sealed class ProgressDisplay : IProgress<VideoTask>
    {
        /// <summary>The bar's width when the terminal has room for it.</summary>
        public const int FullBar = 30;

        /// <summary>The narrowest bar worth drawing; below it the line has the figures only.</summary>
        public const int NarrowestBar = 10;

        private readonly TextWriter _out;
        private readonly bool _inPlace;
        private readonly Func<int> _columns;
        private readonly object _gate = new();
        private VideoTask? _last;
        private string? _notice;
        private bool _drawn;

        /// <param name="output">Where to draw.</param>
        /// <param name="inPlace">Whether <paramref name="output"/> is a terminal.</param>
        /// <param name="columns">The terminal's width, read at each redraw.</param>
        public ProgressDisplay(TextWriter output, bool inPlace, Func<int>? columns = null)
        {
            _out = output;
            _inPlace = inPlace;
            _columns = columns ?? (() => TerminalWidth.Default);
        }

        public void Report(VideoTask value)
        {
            lock (_gate)
            {
                _last = value;
                _notice = null;
                if (_inPlace)
                {
                    Redraw();
                }
                else
                {
                    _out.WriteLine(Plain(value));
                }
            }
        }

        /// <summary>Shows a passing problem (a status read that failed and is retried) until the next report.</summary>
        public void Notice(string text)
        {
            lock (_gate)
            {
                _notice = text;
                if (_inPlace)
                {
                    Redraw();
                }
                else
                {
                    _out.WriteLine(_last is null ? text : _last.Id + "  " + text);
                }
            }
        }

        /// <summary>Ends the in-place line so the next output starts on its own line.</summary>
        public void Finish()
        {
            lock (_gate)
            {
                if (_drawn)
                {
                    _out.WriteLine();
                    _drawn = false;
                }
            }
        }

        /// <summary>Returns the line for <paramref name="task"/> in <paramref name="columns"/> columns (the last one left free).</summary>
        public static string Line(VideoTask? task, string? notice, int columns)
        {
            var width = Math.Max(1, columns - 1);
            var line = string.Empty;
            if (task is not null)
            {
                var progress = Math.Clamp(task.Progress, 0, 100);
                var figures = string.Create(CultureInfo.InvariantCulture, $" {progress,3}%  {task.Status}");
                var bar = Math.Min(FullBar, width - figures.Length - 2);
                if (bar >= NarrowestBar)
                {
                    var filled = progress * bar / 100;
                    line = "[" + new string('#', filled) + new string('-', bar - filled) + "]" + figures;
                }
                else
                {
                    line = figures.TrimStart();
                }
            }

            if (notice is not null)
            {
                line = line.Length == 0 ? notice : line + "  " + notice;
            }

            return line.Length <= width ? line : line[..Math.Max(0, width - 1)] + "…";
        }

        private static string Plain(VideoTask task) => string.Create(CultureInfo.InvariantCulture, $"{task.Id}  {task.Status}  {task.Progress}%");

        private void Redraw()
        {
            var columns = _columns();
            var line = Line(_last, _notice, columns);
            _out.Write("\r" + line.PadRight(Math.Max(1, columns - 1)));
            _drawn = true;
        }
    }
}
