namespace KlingO1.Benchmarks.Scale;

/// <summary>
/// Virtual time for a simulation driven from one loop: only <see cref="Advance"/> moves it, and it fires each due timer
/// on the driving thread with the clock set to that timer's own due time, earliest first. So every read leaves, and is
/// stamped by the service, at the moment the scheduler released it, and a run is the same on every machine.
/// </summary>
/// <remarks>
/// <c>FakeTimeProvider</c> is not used here: its <c>GetUtcNow</c> also fires due timers, on whichever thread asks, so
/// a wait that ended on a pool thread released reads there while the loop moved time on, and the service stamped a
/// read later than it was released (a run "exceeded" the cap it kept, and no two runs gave the same figures).
/// </remarks>
public sealed class SimulationClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly SortedSet<SimulatedTimer> _armed = new(DueOrder.Instance);
    private long _nowTicks;
    private long _armings;

    public SimulationClock(DateTimeOffset start) => _nowTicks = start.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Gets the number of timers armed now.</summary>
    public int Armed
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Volatile.Read(ref _nowTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time on by <paramref name="by"/>, firing every timer due on the way at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        var end = Volatile.Read(ref _nowTicks) + by.Ticks;
        while (true)
        {
            SimulatedTimer timer;
            lock (_gate)
            {
                if (_armed.Count == 0 || _armed.Min!.DueTicks > end)
                {
                    break;
                }

                timer = _armed.Min;
                _armed.Remove(timer);
                Volatile.Write(ref _nowTicks, Math.Max(_nowTicks, timer.DueTicks));
                if (timer.PeriodTicks > 0)
                {
                    Arm(timer, timer.DueTicks + timer.PeriodTicks, timer.PeriodTicks);
                }
            }

            timer.Fire();
        }

        lock (_gate)
        {
            Volatile.Write(ref _nowTicks, Math.Max(_nowTicks, end));
        }
    }

    /// <summary>Arms (or re-arms) <paramref name="timer"/> for <paramref name="dueTicks"/>; under the lock.</summary>
    private void Arm(SimulatedTimer timer, long dueTicks, long periodTicks)
    {
        timer.DueTicks = dueTicks;
        timer.PeriodTicks = periodTicks;
        timer.Order = ++_armings;
        _armed.Add(timer);
    }

    private bool Change(SimulatedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            _armed.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                var periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, period.Ticks);
                Arm(timer, _nowTicks + Math.Max(0, dueTime.Ticks), periodTicks);
            }

            return true;
        }
    }

    private void Dispose(SimulatedTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            _armed.Remove(timer);
        }
    }

    private sealed class SimulatedTimer : ITimer
    {
        private readonly SimulationClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public SimulatedTimer(SimulationClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public long DueTicks { get; set; }

        public long PeriodTicks { get; set; }

        // Breaks ties between timers due at the same moment: the one armed first fires first.
        public long Order { get; set; }

        public bool Disposed { get; set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => _clock.Change(this, dueTime, period);

        public void Dispose() => _clock.Dispose(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DueOrder : IComparer<SimulatedTimer>
    {
        public static readonly DueOrder Instance = new();

        public int Compare(SimulatedTimer? x, SimulatedTimer? y)
            => x!.DueTicks != y!.DueTicks ? x.DueTicks.CompareTo(y.DueTicks) : x.Order.CompareTo(y.Order);
    }
}
