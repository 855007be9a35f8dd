using System;
using System.Collections.Generic;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>An IProgress that records synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    internal sealed class RecordingProgress : IProgress<VideoTask>
    {
        private readonly List<VideoTask> _reports = new();

        public IReadOnlyList<VideoTask> Reports
        {
            get
            {
                lock (_reports)
                {
                    return _reports.ToArray();
                }
            }
        }

        public void Report(VideoTask value)
        {
            lock (_reports)
            {
                _reports.Add(value);
            }
        }
    }
}
