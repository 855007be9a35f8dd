using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Polling;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Polling
{
    public sealed class StatusReadPacerTests
    {
        [Fact]
        public async Task WaitTurnAsync_BurstOfReads_SpacedUnderTheRateInArrivalOrder()
        {
            var clock = new FakeTimeProvider();
            var start = clock.GetUtcNow();
            var pacer = new StatusReadPacer(40, clock);
            var released = new DateTimeOffset[100];
            var turns = Enumerable.Range(0, 100)
                .Select(i => pacer.WaitTurnAsync(CancellationToken.None).ContinueWith(_ => released[i] = clock.GetUtcNow(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))
                .ToArray();

            for (var ms = 0; ms < 3000 && !turns.All(t => t.IsCompleted); ms++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                await Task.Yield();
            }

            await Task.WhenAll(turns);
            var offsets = released.Select(r => (r - start).TotalSeconds).ToArray();
            Assert.Equal(offsets.OrderBy(o => o), offsets);                       // first come, first served
            Assert.InRange(offsets[^1], 2.47, 2.5);                                // 99 intervals of 25 ms
            // 25 ms apart (1 ms of observation slack): never more than 40 reads in a second.
            Assert.All(offsets.Zip(offsets.Skip(1), (a, b) => b - a), gap => Assert.True(gap >= 0.024, $"reads only {gap:F3} s apart"));
        }

        [Fact]
        public async Task WaitTurnAsync_ReadsSlowerThanTheRate_NeverWait()
        {
            var clock = new FakeTimeProvider();
            var pacer = new StatusReadPacer(40, clock);

            for (var i = 0; i < 10; i++)
            {
                var turn = pacer.WaitTurnAsync(CancellationToken.None);
                Assert.True(turn.IsCompleted);
                await turn;
                clock.Advance(TimeSpan.FromSeconds(5));
            }
        }

        [Fact]
        public async Task WaitTurnAsync_Cancelled_ThrowsOperationCanceled()
        {
            var clock = new FakeTimeProvider();
            var pacer = new StatusReadPacer(1, clock);
            await pacer.WaitTurnAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();

            var turn = pacer.WaitTurnAsync(cancel.Token);
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => turn);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(double.NaN)]
        public void Options_UnusableReadRate_Refused(double rate)
        {
            var options = new KlingVideoClientOptions { ApiKey = "k", Polling = new PollingOptions { MaxStatusReadsPerSecond = rate } };
            Assert.Contains(options.Problems(), p => p.StartsWith("Polling.MaxStatusReadsPerSecond", StringComparison.Ordinal));
        }
    }
}
