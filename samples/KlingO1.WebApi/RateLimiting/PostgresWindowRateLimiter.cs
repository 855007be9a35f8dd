using System.Threading.RateLimiting;
using Npgsql;

namespace KlingO1.WebApi.RateLimiting;

/// <summary>
/// A rate budget shared by every instance of the fleet: at most <c>permitsPerSecond</c> permits in each one-second
/// window, counted in the <c>rate_windows</c> table. One atomic upsert takes a permit, or finds the window spent and
/// takes nothing, so two instances never both spend the last permit.
/// </summary>
/// <remarks>
/// Windows are whole seconds of the instances' clocks (kept in sync by NTP); a skew of a few milliseconds lets a window
/// start that much early on one instance, which a per-second budget at the service tolerates. Spent windows older than
/// a minute are deleted by the first taker of each new window. The table is created by
/// <see cref="Storage.PostgresJobStore"/> at start.
/// </remarks>
internal sealed class PostgresWindowRateLimiter : RateLimiter
{
    private const string TakeSql = """
        INSERT INTO rate_windows (name, window_start, count) VALUES (@name, @window, @permits)
        ON CONFLICT (name, window_start) DO UPDATE SET count = rate_windows.count + @permits
        WHERE rate_windows.count + @permits <= @limit
        RETURNING count
        """;

    private const string PruneSql = "DELETE FROM rate_windows WHERE name = @name AND window_start < @before";

    private static readonly RateLimitLease Acquired = new WindowLease(isAcquired: true, retryAfter: null);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _name;
    private readonly int _permitsPerSecond;
    private readonly TimeProvider _time;
    private long _lastAcquiredTimestamp;
    private long _successfulLeases;
    private long _failedLeases;
    private int _waiting;
    private int _disposed;

    /// <summary>Creates a limiter on the shared table.</summary>
    /// <param name="dataSource">The fleet's database (not owned: it is not disposed with the limiter).</param>
    /// <param name="name">The budget's name, the same on every instance (for example <c>status_reads</c>).</param>
    /// <param name="permitsPerSecond">The fleet's budget per one-second window.</param>
    /// <param name="time">The clock that tells the windows apart.</param>
    public PostgresWindowRateLimiter(NpgsqlDataSource dataSource, string name, int permitsPerSecond, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitsPerSecond, 1);
        ArgumentNullException.ThrowIfNull(time);
        _dataSource = dataSource;
        _name = name;
        _permitsPerSecond = permitsPerSecond;
        _time = time;
        _lastAcquiredTimestamp = time.GetTimestamp();
    }

    /// <summary>
    /// Gets how long since a permit was last taken here: a window older than a second is unspent. <see langword="null"/>
    /// while a caller waits for a permit.
    /// </summary>
    public override TimeSpan? IdleDuration
        => Volatile.Read(ref _waiting) > 0 ? null : _time.GetElapsedTime(Interlocked.Read(ref _lastAcquiredTimestamp));

    /// <summary>Gets this instance's counts; the permits left are the fleet's and only the database knows them.</summary>
    /// <returns>The leases granted and refused here, and the callers waiting here.</returns>
    public override RateLimiterStatistics? GetStatistics() => new()
    {
        CurrentAvailablePermits = 0,
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _successfulLeases),
        TotalFailedLeases = Interlocked.Read(ref _failedLeases),
    };

    /// <summary>
    /// Never goes to the database (a synchronous call must not block on the network): a request for permits fails with
    /// the time to the next window as its retry-after, and <see cref="RateLimiter.AcquireAsync"/> takes them.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        Check(permitCount);
        if (permitCount == 0)
        {
            return Acquired;
        }

        Interlocked.Increment(ref _failedLeases);
        return new WindowLease(isAcquired: false, retryAfter: UntilNextWindow(_time.GetUtcNow()));
    }

    /// <summary>Takes the permits from the current window, or waits for the next one and tries again, until taken or cancelled.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
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
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var now = _time.GetUtcNow();
                if (await TryTakeAsync(now.ToUnixTimeSeconds(), permitCount, cancellationToken))
                {
                    Interlocked.Exchange(ref _lastAcquiredTimestamp, _time.GetTimestamp());
                    Interlocked.Increment(ref _successfulLeases);
                    return Acquired;
                }

                await Task.Delay(UntilNextWindow(_time.GetUtcNow()), _time, cancellationToken);
            }
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

    /// <summary>The time left in the window <paramref name="now"/> falls in (at least a millisecond, so a retry lands in the next).</summary>
    private static TimeSpan UntilNextWindow(DateTimeOffset now)
        => TimeSpan.FromMilliseconds(Math.Max(1, 1000 - (now.ToUnixTimeMilliseconds() % 1000)));

    private async Task<bool> TryTakeAsync(long window, int permits, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var take = new NpgsqlCommand(TakeSql, connection);
        take.Parameters.AddWithValue("name", _name);
        take.Parameters.AddWithValue("window", window);
        take.Parameters.AddWithValue("permits", permits);
        take.Parameters.AddWithValue("limit", _permitsPerSecond);
        var count = await take.ExecuteScalarAsync(cancellationToken);
        if (count is not int taken)
        {
            return false;
        }

        if (taken == permits)
        {
            await using var prune = new NpgsqlCommand(PruneSql, connection);
            prune.Parameters.AddWithValue("name", _name);
            prune.Parameters.AddWithValue("before", window - 60);
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    private void Check(int permitCount)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        if (permitCount > _permitsPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"At most {_permitsPerSecond} permits fit in one window of \"{_name}\".");
        }
    }

    /// <summary>A granted lease (nothing to give back: a window's permits are spent), or a refused one with its retry-after.</summary>
    private sealed class WindowLease : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        public WindowLease(bool isAcquired, TimeSpan? retryAfter)
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
