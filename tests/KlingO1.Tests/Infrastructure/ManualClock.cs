using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// A fake clock that also tells the test when code under test starts a timer, so a test can advance virtual
    /// time exactly when the code is waiting — no wall-clock sleeps, no races.
    /// </summary>
    internal sealed class ManualClock : TimeProvider
    {
        // Guards a test against hanging forever if the code never starts the timer it expects; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
        private readonly Channel<TimeSpan> _timersStarted = Channel.CreateUnbounded<TimeSpan>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _allStarted = new();

        public FakeTimeProvider Fake => _fake;

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _fake.CreateTimer(callback, state, dueTime, period);
            _allStarted.Enqueue(dueTime);
            _timersStarted.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>Gets the due time of every timer started so far, oldest first (whether or not it was waited for).</summary>
        public TimeSpan[] TimersStarted => _allStarted.ToArray();

        public void Advance(TimeSpan by) => _fake.Advance(by);

        /// <summary>Waits until the code starts a timer no longer than <paramref name="atMost"/>, and returns its due time.</summary>
        public async Task<TimeSpan> NextTimerAsync(TimeSpan atMost)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            while (true)
            {
                var due = await _timersStarted.Reader.ReadAsync(guard.Token);
                if (due > TimeSpan.Zero && due <= atMost)
                {
                    return due;
                }
            }
        }

        /// <summary>
        /// Lets <paramref name="wait"/> run to its end, advancing virtual time by each short timer it starts.
        /// Returns the delays it slept, in order.
        /// </summary>
        public async Task<System.Collections.Generic.List<TimeSpan>> DriveAsync(Task wait, TimeSpan longestTimer)
        {
            var slept = new System.Collections.Generic.List<TimeSpan>();
            while (true)
            {
                var timer = NextTimerAsync(longestTimer);
                if (await Task.WhenAny(wait, timer) == wait)
                {
                    return slept;
                }

                var due = await timer;
                slept.Add(due);
                Advance(due);
            }
        }
    }
}
