using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Permits
{
    /// <summary>
    /// <see cref="KlingVideoClientOptions.StatusReadLimiter"/>: every status read takes a permit before it is sent, so
    /// clients that share one limiter (a fleet on one API key) stay under it together, while each client still picks which
    /// of its due reads goes next.
    /// </summary>
    public sealed class StatusReadLimiterTests
    {
        [Fact]
        public async Task Waits_TwoClientsShareOneLimiter_SendOnlyWhatItGivesAndAllEnd()
        {
            var clock = new ManualClock();
            using var service = ThreeReadService(clock);
            var desk = new PermitDesk();
            using var first = Client(service, clock, desk);
            using var second = Client(service, clock, desk);

            var waits = Enumerable.Range(0, 40)
                .Select(i => (i % 2 == 0 ? first : second).WaitForCompletionAsync("video_shared_" + i.ToString(CultureInfo.InvariantCulture)))
                .ToArray();
            var all = Task.WhenAll(waits);
            var granted = 0;
            var mostAhead = 0;
            for (var second_ = 0; second_ < 200 && !all.IsCompleted; second_++)
            {
                // Five permits a second for both clients, each of which alone may read 40 a second.
                desk.Grant(5);
                granted += 5;
                for (var step = 0; step < 40; step++)
                {
                    await SettleAsync(() => service.Received.Count, desk);
                    mostAhead = Math.Max(mostAhead, service.Received.Count - desk.Given);
                    clock.Advance(TimeSpan.FromMilliseconds(25));
                }
            }

            var finals = await all;
            Assert.All(finals, task => Assert.Equal(VideoTaskStatus.Completed, task.Status));
            Assert.Equal(3 * 40, service.Received.Count);
            Assert.Equal(service.Received.Count, desk.Given);
            Assert.True(mostAhead <= 0, $"{mostAhead} reads were sent beyond the permits given");
            Assert.True(desk.Given <= granted);

            // One permit asked for at a time per client: the client, not the limiter's queue, picks the next read.
            Assert.True(desk.MostWaiting <= 2, $"{desk.MostWaiting} requests waited at once");
        }

        [Fact]
        public async Task Wait_LimiterRefusesWithRetryAfter_AsksAgainAfterItAndEnds()
        {
            var clock = new ManualClock();
            using var service = ThreeReadService(clock);
            var desk = new PermitDesk(initialPermits: 100);
            desk.RefuseNext(2, TimeSpan.FromSeconds(3));
            using var client = Client(service, clock, desk);

            var wait = client.WaitForCompletionAsync("video_refused");
            await SettleAsync(() => service.Received.Count, desk);
            Assert.Empty(service.Received);
            Assert.Equal(1, desk.Asked);

            // Not asked again before the refusal's wait is over.
            clock.Advance(TimeSpan.FromSeconds(2.9));
            await SettleAsync(() => service.Received.Count, desk);
            Assert.Equal(1, desk.Asked);
            clock.Advance(TimeSpan.FromSeconds(0.2));
            await SettleAsync(() => service.Received.Count, desk);
            Assert.Equal(2, desk.Asked);

            for (var step = 0; step < 200 && !wait.IsCompleted; step++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await SettleAsync(() => service.Received.Count, desk);
            }

            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Equal(3, service.Received.Count);
        }

        [Fact]
        public async Task Wait_LimiterThrows_AsksAgainShortlyAndEnds()
        {
            var clock = new ManualClock();
            using var service = ThreeReadService(clock);
            var desk = new PermitDesk(initialPermits: 100);
            desk.FailNext(3);
            using var client = Client(service, clock, desk);

            var wait = client.WaitForCompletionAsync("video_store_down");
            for (var step = 0; step < 400 && !wait.IsCompleted; step++)
            {
                await SettleAsync(() => service.Received.Count, desk);
                clock.Advance(TimeSpan.FromMilliseconds(100));
            }

            // Not a failed wait: the limiter was asked again (a quarter of a second apart) until it answered.
            Assert.Equal(VideoTaskStatus.Completed, (await wait).Status);
            Assert.Equal(3, service.Received.Count);
            Assert.Equal(3 + 3, desk.Asked);
        }

        [Fact]
        public async Task GetTaskAsync_LimiterRefuses_ThrowsRejectedAndSendsNothing()
        {
            var clock = new ManualClock();
            using var service = ThreeReadService(clock);
            var desk = new PermitDesk(initialPermits: 10);
            desk.RefuseNext(1, TimeSpan.FromSeconds(2));
            using var client = Client(service, clock, desk);

            var refused = await Assert.ThrowsAsync<KlingRateLimiterRejectedException>(() => client.GetTaskAsync("video_direct"));
            var read = await client.GetTaskAsync("video_direct");

            Assert.Equal("status read", refused.Operation);
            Assert.Equal(TimeSpan.FromSeconds(2), refused.RetryAfter);
            Assert.Contains("not sent", refused.Message, StringComparison.Ordinal);
            Assert.Equal("video_direct", read.Id);
            Assert.Single(service.Received);
            Assert.Equal(1, desk.Given);
        }

        [Fact]
        public async Task Dispose_WhileAWaitWaitsForAPermit_EndsItAndCancelsTheRequest()
        {
            var clock = new ManualClock();
            using var service = ThreeReadService(clock);
            var desk = new PermitDesk();
            var client = Client(service, clock, desk);

            var wait = client.WaitForCompletionAsync("video_disposed");
            await SettleAsync(() => service.Received.Count, desk);
            Assert.Equal(1, desk.Waiting);
            client.Dispose();

            var ended = await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);
            Assert.Contains("video_disposed", ended.Message, StringComparison.Ordinal);
            Assert.Equal(1, desk.Cancelled);
            Assert.Empty(service.Received);
        }

        internal static KlingVideoClient Client(ScriptedHandler service, ManualClock clock, PermitDesk? statusReads = null, PermitDesk? submits = null)
            => new(
                new HttpClient(service, disposeHandler: false),
                new KlingVideoClientOptions
                {
                    ApiKey = KlingServerFixture.ApiKey,
                    BaseAddress = new Uri(ScriptedHandler.Api + "/"),
                    Retry = new KlingRetryOptions { MaxAttempts = 1 },
                    Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff, MaxStatusReadsPerSecond = 40 },
                    StatusReadLimiter = statusReads,
                    SubmitLimiter = submits,
                },
                clock,
                () => 0.0);

        /// <summary>Every task reads queued, then in progress, then completed; a submit answers a queued task.</summary>
        internal static ScriptedHandler ThreeReadService(ManualClock clock)
            => new(clock)
            {
                Fallback = Respond.ByRequest(r => Respond.Message(200, r.Method == "POST"
                    ? Respond.TaskJson("video_submitted", "queued")
                    : r.NumberOnRoute switch
                    {
                        1 => Respond.TaskJson(r.LastSegment, "queued"),
                        2 => Respond.TaskJson(r.LastSegment, "in_progress", 50),
                        _ => Respond.CompletedJson(r.LastSegment),
                    })),
            };

        /// <summary>Lets released reads and granted permits run to their next stop before time moves on.</summary>
        private static async Task SettleAsync(Func<int> sent, PermitDesk desk)
        {
            for (int unchanged = 0, last = -1; unchanged < 500;)
            {
                await Task.Yield();
                var now = sent() * 1000 + desk.Given;
                unchanged = now == last ? unchanged + 1 : 0;
                last = now;
            }
        }
    }
}
