using System.Threading.RateLimiting;
using Npgsql;

namespace KlingO1.WebApi.RateLimiting;

/// <summary>
/// A rate budget shared by every instance of the fleet, as evenly spaced permits: the <c>rate_slots</c> table holds, per
/// budget, the moment its next permit is free, and taking one moves that moment on by one spacing (a second divided by
/// the budget) in one atomic statement on the database's clock. The taker then waits until its slot comes, so the
/// fleet's requests leave one spacing apart, whatever the number of instances; a taker that wakes too late for its
/// slot takes another.
/// </summary>
/// <remarks>
/// Spacing, not one-second windows: a window's whole budget is handed out in its first milliseconds, and the requests
/// it let through arrive at the service late enough to fall into the next second beside that second's own (a fleet
/// test saw 54 reads in one second under a 40 budget). A slot is spent once taken: a caller that gives up while it waits
/// leaves it unused, which only ever slows the fleet.
/// </remarks>
internal sealed class PostgresPacedRateLimiter : RateLimiter
{
    /// <summary>The table every budget shares: created with the service's other tables, under their lock.</summary>
    public const string TableSql = "CREATE TABLE IF NOT EXISTS rate_slots (name text PRIMARY KEY, next_free timestamptz NOT NULL);";

    // The slot taken is the later of the stored next free moment and now; what is returned is when it is (Unix seconds).
    private const string TakeSql = """
        INSERT INTO rate_slots AS s (name, next_free) VALUES (@name, clock_timestamp() + @spacing)
        ON CONFLICT (name) DO UPDATE SET next_free = GREATEST(s.next_free, clock_timestamp()) + @spacing
        RETURNING EXTRACT(EPOCH FROM (s.next_free - @spacing))::float8
        """;

    // How many slots one taker tries before it goes with the last, late or not.
    private const int MostSlotsTaken = 4;

    private static readonly RateLimitLease Acquired = new SlotLease(isAcquired: true, retryAfter: null);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _name;
    private readonly TimeSpan _spacing;
    private readonly TimeProvider _time;
    private long _lastAcquiredTimestamp;
    private long _successfulLeases;
    private long _failedLeases;
    private long _lateSlots;
    private int _waiting;
    private int _disposed;

    /// <summary>Creates a limiter on the shared table.</summary>
    /// <param name="dataSource">The fleet's database (not owned: it is not disposed with the limiter).</param>
    /// <param name="name">The budget's name, the same on every instance (for example <c>status_reads</c>).</param>
    /// <param name="permitsPerSecond">The fleet's budget: permits leave a second divided by it apart.</param>
    /// <param name="time">The clock of the waits until a slot comes.</param>
    public PostgresPacedRateLimiter(NpgsqlDataSource dataSource, string name, int permitsPerSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerSecond, 1);
        ArgumentNullException.ThrowIfNull(time);
        _dataSource = dataSource;
        _name = name;
        _spacing = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / permitsPerSecond);
        _time = time;
        _lastAcquiredTimestamp = time.GetTimestamp();
    }

    /// <summary>Gets how many slots were let go because this process woke too late to use them.</summary>
    public long LateSlots => Interlocked.Read(ref _lateSlots);

    /// <summary>Gets how long since a permit was last taken here; <see langword="null"/> while a caller waits for one.</summary>
    public override TimeSpan? IdleDuration
        => Volatile.Read(ref _waiting) > 0 ? null : _time.GetElapsedTime(Interlocked.Read(ref _lastAcquiredTimestamp));

    /// <summary>Gets this instance's counts; the fleet's next free slot is known to the database alone.</summary>
    /// <returns>The leases granted and refused here, and the callers waiting here.</returns>
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _successfulLeases),
        TotalFailedLeases = Interlocked.Read(ref _failedLeases),
    };

    /// <summary>
    /// Never goes to the database (a synchronous call must not block on the network): a request for a permit fails with
    /// one spacing as its retry-after, and <see cref="RateLimiter.AcquireAsync"/> takes it.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        if (permitCount == 0)
        {
            return Acquired;
        }

        Interlocked.Increment(ref _failedLeases);
        return new SlotLease(isAcquired: false, retryAfter: _spacing);
    }

    /// <summary>Takes the next free slot of the budget and waits until it comes.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the slot, if taken, goes unused).</exception>
    /// <exception cref="NpgsqlException">The database could not be asked; nothing was taken.</exception>
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Check(permitCount);
        if (permitCount == 0)
        {
            return Acquired;
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            for (var taken = 1; ; taken++)
            {
                var slot = await TakeSlotAsync(permitCount, cancellationToken);
                var untilSlot = slot - _time.GetUtcNow();
                if (untilSlot > TimeSpan.Zero)
                {
                    await Task.Delay(untilSlot, _time, cancellationToken);
                }

                // A slot is worth its spacing only when used on time: takers that a stall of this process (a busy machine,
                // a pause) lets go late would all leave together, several spacings' worth at once. A late slot is let go
                // and a fresh one taken, which spaces them out again; after a few tries the taker goes anyway. The slot
                // is on the database's clock, compared with this one's: the instances' clocks are kept in sync (NTP).
                var late = _time.GetUtcNow() - slot;
                if (late <= _spacing * permitCount || taken == MostSlotsTaken)
                {
                    break;
                }

                Interlocked.Increment(ref _lateSlots);
            }

            Interlocked.Exchange(ref _lastAcquiredTimestamp, _time.GetTimestamp());
            Interlocked.Increment(ref _successfulLeases);
            return Acquired;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    protected override void Dispose(bool disposing)
    {
        Interlocked.Exchange(ref _disposed, 1);
        base.Dispose(disposing);
    }

    private async Task<DateTimeOffset> TakeSlotAsync(int permits, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand(TakeSql, connection);
        take.Parameters.AddWithValue("name", _name);
        take.Parameters.AddWithValue("spacing", _spacing * permits);
        var unixSeconds = (double)(await take.ExecuteScalarAsync(cancellationToken))!;
        return DateTimeOffset.UnixEpoch.AddTicks((long)(unixSeconds * TimeSpan.TicksPerSecond));
    }

    private void Check(int permitCount)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
    }

    /// <summary>A granted lease (nothing to give back: a slot is spent once taken), or a refused one with its retry-after.</summary>
    private sealed class SlotLease : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        public SlotLease(bool isAcquired, TimeSpan? retryAfter)
        {
            IsAcquired = isAcquired;
            _retryAfter = retryAfter;
        }

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (_retryAfter is { } retryAfter && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = retryAfter;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
