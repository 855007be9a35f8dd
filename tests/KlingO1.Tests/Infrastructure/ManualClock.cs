using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// The tests' one fake clock: time moves only when a test advances it, and the clock tells the test about the timers
    /// the code under test starts — each one as it starts (to advance exactly when the code waits: no wall-clock sleeps,
    /// no races), how many are alive, and how many of them are sleeps still pending (to tell when every flow of a bulk
    /// run is asleep).
    /// </summary>
    /// <remarks>
    /// It wraps <see cref="FakeTimeProvider"/>, which fires a timer once per advance, at the advance's end: code that re-arms a
    /// timer from its callback needs time moved in steps, as real time moves. The README's snippets show
    /// <see cref="FakeTimeProvider"/> itself, as users would write them; every other test uses this clock.
    /// </remarks>
    internal sealed class ManualClock : TimeProvider
    {
        /// <summary>The instant every clock starts at unless told otherwise: 14 January 2026, 08:00 UTC.</summary>
        public static readonly DateTimeOffset DefaultStart = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

        // Guards a test against hanging forever if the code never starts the timer it expects; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly FakeTimeProvider _fake;
        private readonly Channel<TimeSpan> _timersStarted = Channel.CreateUnbounded<TimeSpan>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<TimeSpan> _unclaimed = new();
        private readonly ConcurrentQueue<TimeSpan> _allStarted = new();
        private int _live;
        private int _sleeping;

        /// <summary>Creates a clock at <paramref name="start"/>, or at <see cref="DefaultStart"/>.</summary>
        public ManualClock(DateTimeOffset? start = null)
        {
            Start = start ?? DefaultStart;
            _fake = new FakeTimeProvider(Start);
        }

        /// <summary>Gets the instant the clock started at.</summary>
        public DateTimeOffset Start { get; }

        /// <summary>
        /// Gets or sets the longest one-shot timer counted as a sleep in <see cref="SleepsPending"/> (a backoff, a
        /// Retry-After, a poll interval); longer ones (per-attempt and overall timeouts) are not counted.
        /// </summary>
        public TimeSpan LongestSleep { get; init; } = TimeSpan.FromSeconds(16);

        public override long TimestampFrequency => _fake.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        /// <summary>Gets the due time of every timer started so far, oldest first (whether or not it was waited for).</summary>
        public TimeSpan[] TimersStarted => _allStarted.ToArray();

        /// <summary>Gets how many timers are alive: started, and neither fired nor disposed.</summary>
        public int LiveTimers => Volatile.Read(ref _live);

        /// <summary>
        /// Gets how many sleeps are pending: one-shot timers due within <see cref="LongestSleep"/>, started and neither fired
        /// nor disposed. The client's poll scheduler's one timer is not a sleep (it serves every parked wait: count those
        /// with <see cref="KlingVideoClient.ParkedWaits"/>).
        /// </summary>
        public int SleepsPending => Volatile.Read(ref _sleeping);

        public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

        public override long GetTimestamp() => _fake.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var isSleep = dueTime > TimeSpan.Zero && dueTime <= LongestSleep && period == Timeout.InfiniteTimeSpan && state is not KlingO1.Polling.PollScheduler.Arming;
            var timer = new TrackedTimer(this, isSleep);
            Interlocked.Increment(ref _live);
            if (isSleep)
            {
                Interlocked.Increment(ref _sleeping);
            }

            timer.Inner = _fake.CreateTimer(
                s =>
                {
                    timer.Settle();
                    callback(s);
                },
                state,
                dueTime,
                period);
            _allStarted.Enqueue(dueTime);
            _timersStarted.Writer.TryWrite(dueTime);
            return timer;
        }

        public void Advance(TimeSpan by) => _fake.Advance(by);

        /// <summary>Waits until the code starts a timer no longer than <paramref name="atMost"/>, and returns its due time.</summary>
        public async Task<TimeSpan> NextTimerAsync(TimeSpan atMost, CancellationToken stop = default)
        {
            while (_unclaimed.TryDequeue(out var handedBack))
            {
                if (handedBack <= atMost)
                {
                    return handedBack;
                }
            }

            using var guard = CancellationTokenSource.CreateLinkedTokenSource(stop);
            guard.CancelAfter(HangGuard);
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
        public async Task<List<TimeSpan>> DriveAsync(Task wait, TimeSpan longestTimer)
        {
            var slept = new List<TimeSpan>();
            while (true)
            {
                using var stop = new CancellationTokenSource();
                var timer = NextTimerAsync(longestTimer, stop.Token);
                if (await Task.WhenAny(wait, timer) == wait)
                {
                    // The pending look-out must not take the timer of whatever runs next on this clock: stop it, and
                    // hand back a timer it already took.
                    stop.Cancel();
                    try
                    {
                        _unclaimed.Enqueue(await timer);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopped before it took one.
                    }

                    return slept;
                }

                var due = await timer;
                slept.Add(due);
                Advance(due);
            }
        }

        /// <summary>A timer of the fake clock that is counted until it first fires or is disposed.</summary>
        private sealed class TrackedTimer : ITimer
        {
            private readonly ManualClock _owner;
            private readonly bool _isSleep;
            private int _settled;

            public TrackedTimer(ManualClock owner, bool isSleep)
            {
                _owner = owner;
                _isSleep = isSleep;
            }

            public ITimer? Inner { get; set; }

            public bool Change(TimeSpan dueTime, TimeSpan period) => Inner!.Change(dueTime, period);

            public void Dispose()
            {
                Settle();
                Inner!.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Settle();
                return Inner!.DisposeAsync();
            }

            public void Settle()
            {
                if (Interlocked.Exchange(ref _settled, 1) == 0)
                {
                    Interlocked.Decrement(ref _owner._live);
                    if (_isSleep)
                    {
                        Interlocked.Decrement(ref _owner._sleeping);
                    }
                }
            }
        }
    }
}
