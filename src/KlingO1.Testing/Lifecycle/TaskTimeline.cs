using System;

namespace KlingO1.Testing.Lifecycle
{
    /// <summary>
    /// Where a simulated task is at a given moment. Times follow the service's typical figures (a standard 5-second
    /// clip in about a minute, a professional 10-second one in about four) divided by the time scale; the state is
    /// computed from the clock on every read, so a fake clock moves tasks forward without any background work.
    /// </summary>
    internal readonly struct TaskTimeline
    {
        private readonly TimeSpan _queued;
        private readonly TimeSpan _running;
        private readonly DateTimeOffset _createdAt;
        private readonly bool _fails;

        public TaskTimeline(SimulatedTask task, double timeScale)
        {
            var pro = string.Equals(task.Mode, "pro", StringComparison.OrdinalIgnoreCase);
            var queuedSeconds = pro ? 15 : 8;
            var runningSeconds = (pro ? 120 : 60) * (1.0 + (0.7 * (task.DurationSeconds - 5) / 5.0));
            _queued = TimeSpan.FromSeconds(queuedSeconds / timeScale);
            _running = TimeSpan.FromSeconds(runningSeconds / timeScale);
            _createdAt = task.CreatedAt;
            _fails = task.WillFail;
        }

        /// <summary>Gets when the task ends (completes, or fails halfway through its run).</summary>
        public DateTimeOffset EndsAt => _createdAt + _queued + (_fails ? TimeSpan.FromTicks(_running.Ticks / 2) : _running);

        public string StatusAt(DateTimeOffset now)
            => now >= EndsAt ? (_fails ? "failed" : "completed")
                : now >= _createdAt + _queued ? "in_progress"
                : "queued";

        public int ProgressAt(DateTimeOffset now)
        {
            if (now >= EndsAt)
            {
                return _fails ? 0 : 100;
            }

            var running = now - (_createdAt + _queued);
            if (running < TimeSpan.Zero)
            {
                return 0;
            }

            // Progress rises from 1 and stays below 100 until the video is ready.
            return _running.Ticks == 0 ? 99 : Math.Max(1, Math.Min(99, (int)(100 * running.Ticks / _running.Ticks)));
        }
    }
}
