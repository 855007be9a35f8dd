using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.WebApi.RateLimiting;
using KlingO1.WebApi.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace KlingO1.Tests.Samples
{
    /// <summary>
    /// The WebApi sample's fleet limiter on a real PostgreSQL (<c>KLING_TEST_POSTGRES</c>, a connection string; without it
    /// the tests say so and return: tests/KlingO1.Service.Tests starts a throwaway server for the fleet). Two limiters on
    /// one budget name are two instances of a fleet; the test's clock decides the windows.
    /// </summary>
    public sealed class PostgresWindowRateLimiterTests : IAsyncLifetime
    {
        private readonly ITestOutputHelper _output;
        private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
        private readonly string _name = "test_" + Guid.NewGuid().ToString("N");
        private NpgsqlDataSource? _database;

        public PostgresWindowRateLimiterTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public async Task InitializeAsync()
        {
            if (Environment.GetEnvironmentVariable("KLING_TEST_POSTGRES") is { Length: > 0 } connectionString)
            {
                _database = NpgsqlDataSource.Create(connectionString);
                await new PostgresJobStore(_database).InitializeAsync(() => { }, CancellationToken.None);
            }
        }

        public async Task DisposeAsync()
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }

        [Fact]
        public async Task TwoInstances_ShareOneWindow_TheNextPermitWaitsForTheNextSecond()
        {
            if (Unavailable())
            {
                return;
            }

            using var a = Limiter(3);
            using var b = Limiter(3);

            using var first = await a.AcquireAsync(2);
            using var second = await b.AcquireAsync(1);
            var fourth = b.AcquireAsync(1).AsTask();
            await Task.Delay(200);
            Assert.False(fourth.IsCompleted, "a fourth permit was given in a window of three");

            // Windows are whole seconds of the clock: moving it to the next one lets the waiter in.
            _clock.Advance(TimeSpan.FromSeconds(1));
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var granted = await fourth.WaitAsync(guard.Token);

            Assert.True(first.IsAcquired && second.IsAcquired && granted.IsAcquired);
            Assert.Equal(1, a.GetStatistics()!.TotalSuccessfulLeases);
            Assert.Equal(2, b.GetStatistics()!.TotalSuccessfulLeases);
        }

        [Fact]
        public void AttemptAcquire_NeverBlocksOnTheDatabase_RefusesWithTheTimeToTheNextWindow()
        {
            if (Unavailable())
            {
                return;
            }

            using var limiter = Limiter(5);

            using var lease = limiter.AttemptAcquire(1);

            Assert.False(lease.IsAcquired);
            Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
            Assert.InRange(retryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
            Assert.True(limiter.AttemptAcquire(0).IsAcquired);
        }

        [Fact]
        public async Task AcquireAsync_Cancelled_WhileTheWindowIsSpent_Throws()
        {
            if (Unavailable())
            {
                return;
            }

            using var limiter = Limiter(1);
            using var only = await limiter.AcquireAsync(1);
            using var cancel = new CancellationTokenSource();

            var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(2));
        }

        private PostgresWindowRateLimiter Limiter(int permitsPerSecond) => new(_database!, _name, permitsPerSecond, _clock);

        private bool Unavailable()
        {
            if (_database is not null)
            {
                return false;
            }

            _output.WriteLine("Did not run: set KLING_TEST_POSTGRES to a PostgreSQL connection string (tests/KlingO1.Service.Tests brings its own server).");
            return true;
        }
    }
}
