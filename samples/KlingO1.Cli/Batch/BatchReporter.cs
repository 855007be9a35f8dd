using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// A batch's progress on stderr: lines for each task, each marked with its item ([3/10]), written whole even when several
    /// tasks report at once: its submit, its status as it changes (and each quarter of its progress), its end.
    /// </summary>
    internal sealed class BatchReporter
    {
        private readonly TextWriter _error;
        private readonly int _count;
        private readonly object _gate = new();
        private readonly ConcurrentDictionary<string, int> _itemOfTask = new(StringComparer.Ordinal);

        public BatchReporter(TextWriter error, int count)
        {
            _error = error;
            _count = count;
        }

        public void Line(PlannedItem item, string text)
        {
            lock (_gate)
            {
                _error.WriteLine(Mark(item.Item.Number) + text);
            }
        }

        /// <summary>Shows a notice of the client's (a status read that failed and is retried) on the line of its task.</summary>
        public void Notice(string? taskId, string text)
        {
            lock (_gate)
            {
                _error.WriteLine((taskId is not null && _itemOfTask.TryGetValue(taskId, out var number) ? Mark(number) + taskId + "  " : string.Empty) + text);
            }
        }

        /// <summary>Returns the progress of one item's task: a line at each change of status or quarter of progress.</summary>
        public IProgress<VideoTask> Progress(PlannedItem item, string taskId)
        {
            _itemOfTask[taskId] = item.Item.Number;
            return new TaskProgress(this, item);
        }

        private string Mark(int number) => string.Create(CultureInfo.InvariantCulture, $"[{number}/{_count}] ");

        private sealed class TaskProgress : IProgress<VideoTask>
        {
            private readonly BatchReporter _reporter;
            private readonly PlannedItem _item;
            private VideoTaskStatus? _status;
            private int _quarter = -1;

            public TaskProgress(BatchReporter reporter, PlannedItem item)
            {
                _reporter = reporter;
                _item = item;
            }

            public void Report(VideoTask value)
            {
                var quarter = Math.Clamp(value.Progress, 0, 100) / 25;
                if (value.Status == _status && quarter == _quarter)
                {
                    return;
                }

                _status = value.Status;
                _quarter = quarter;
                _reporter.Line(_item, string.Create(CultureInfo.InvariantCulture, $"{value.Id}  {value.Status}  {value.Progress}%"));
            }
        }
    }
}
