using System.Diagnostics;
using System.Threading.RateLimiting;
using KlingO1.Service.Tests.Fixtures;
using KlingO1.WebApi.RateLimiting;
using Npgsql;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.RateLimiting
{
    /// <summary>
    /// The fleet's limiter on a real PostgreSQL: limiters on one budget name are instances of a fleet, and together they
    /// hand out permits one spacing apart, however many ask at once.
    /// </summary>
    [Collection(PostgresCollection.Name)]
    public sealed class PostgresPacedRateLimiterTests
    {
        private readonly PostgresServer _postgres;
        private readonly ITestOutputHelper _output;

        public PostgresPacedRateLimiterTests(PostgresServer postgres, ITestOutputHelper output)
        {
            _postgres = postgres;
            _output = output;
        }

        [Fact]
        public async Task ThreeInstances_ManyTakersAtOnce_GetPermitsOneSpacingApart()
        {
            if (!Prerequisites.Met(_postgres.Missing, _output))
            {
                return;
            }

            await using var database = await DatabaseAsync();
            var instances = Enumerable.Range(0, 3).Select(_ => new PostgresPacedRateLimiter(database, "reads", 20, TimeProvider.System)).ToArray();
            var clock = Stopwatch.StartNew();

            // 30 permits at 20 a second: the last comes about 1.45 s after the first, never all at once (a window's budget
            // would all leave at its start, the rest at the next: well under that). How many land in one second of this
            // process is printed, not asserted: a busy machine wakes takers late, and that bunching is not the limiter's.
            var granted = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
            {
                using var lease = await instances[i % 3].AcquireAsync(1);
                Assert.True(lease.IsAcquired);
                return clock.Elapsed;
            }));

            var times = granted.Order().ToArray();
            var mostInAnySecond = times.Select(start => times.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1))).Max();
            _output.WriteLine($"first {times[0].TotalMilliseconds:F0} ms, last {times[^1].TotalMilliseconds:F0} ms, most in any second {mostInAnySecond}");
            Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(1.3), $"30 permits in {(times[^1] - times[0]).TotalSeconds:F2} s at 20 a second");
            Assert.Equal(30, instances.Sum(limiter => limiter.GetStatistics()!.TotalSuccessfulLeases));
            Array.ForEach(instances, limiter => limiter.Dispose());
        }

        [Fact]
        public async Task AcquireAsync_CancelledWhileItsSlotIsAhead_ThrowsAndLeavesTheSlotUnused()
        {
            if (!Prerequisites.Met(_postgres.Missing, _output))
            {
                return;
            }

            await using var database = await DatabaseAsync();
            using var limiter = new PostgresPacedRateLimiter(database, "submits", 1, TimeProvider.System);
            using var first = await limiter.AcquireAsync(1);
            using var cancel = new CancellationTokenSource();

            var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
            await Eventually.UntilAsync("the second taker to wait", () => Task.FromResult(limiter.GetStatistics()!.CurrentQueuedCount == 1), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.Equal(1, limiter.GetStatistics()!.TotalSuccessfulLeases);
        }

        [Fact]
        public async Task AttemptAcquire_NeverAsksTheDatabase_RefusesWithOneSpacing()
        {
            if (!Prerequisites.Met(_postgres.Missing, _output))
            {
                return;
            }

            // A database that does not exist: a synchronous attempt must not try to reach it.
            await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none;Timeout=1");
            using var limiter = new PostgresPacedRateLimiter(nowhere, "reads", 4, TimeProvider.System);

            using var lease = limiter.AttemptAcquire(1);

            Assert.False(lease.IsAcquired);
            Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.Equal(TimeSpan.FromMilliseconds(250), retryAfter);
            Assert.True(limiter.AttemptAcquire(0).IsAcquired);
        }

        private async Task<NpgsqlDataSource> DatabaseAsync()
        {
            var database = NpgsqlDataSource.Create(await _postgres.CreateDatabaseAsync("limiter"));
            await using var create = database.CreateCommand(PostgresPacedRateLimiter.TableSql);
            await create.ExecuteNonQueryAsync();
            return database;
        }
    }
}
