using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Webhooks
{
    /// <summary>Deliveries are processed at least once: an event is remembered only after it was processed.</summary>
    public sealed class ReplayStoreTests
    {
        private const string Secret = "whsec_current";
        private const string EventId = "evt_01abcdef";
        private const string Timestamp = "1783953302";

        private static readonly byte[] Body = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "webhook-completed.json"));
        private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1783953302));

        [Fact]
        public async Task ProcessOnce_ProcessingFails_TheRedeliveryIsProcessedAgain()
        {
            var store = new InMemoryKlingWebhookReplayStore(timeProvider: _clock);
            var runs = 0;

            await Assert.ThrowsAsync<InvalidOperationException>(() => store.ProcessOnceAsync(Deliver(), (_, _) =>
            {
                runs++;
                throw new InvalidOperationException("the database was down");
            }));
            var processed = await store.ProcessOnceAsync(Deliver(), (_, _) => { runs++; return Task.CompletedTask; });
            var redelivered = await store.ProcessOnceAsync(Deliver(), (_, _) => { runs++; return Task.CompletedTask; });

            Assert.True(processed);
            Assert.False(redelivered);
            Assert.Equal(2, runs);
        }

        [Fact]
        public async Task ADeliveryRefusedForItsBody_LeavesTheEventUnprocessed()
        {
            var store = new InMemoryKlingWebhookReplayStore(timeProvider: _clock);
            var garbage = "{\"id\":\"evt_01abcdef\"}"u8.ToArray();
            Assert.Throws<KlingWebhookException>(() => Verifier().Verify(EventId, Timestamp, KlingWebhookSigner.Sign(Secret, EventId, Timestamp, garbage), garbage));

            Assert.False(await store.IsProcessedAsync(EventId));
            Assert.True(await store.ProcessOnceAsync(Deliver(), (_, _) => Task.CompletedTask));
        }

        [Fact]
        public async Task Store_IsBounded_TheOldestIdIsForgottenFirst()
        {
            var store = new InMemoryKlingWebhookReplayStore(capacity: 3, timeProvider: _clock);
            foreach (var id in new[] { "a", "b", "c", "d" })
            {
                await store.MarkProcessedAsync(id);
            }

            Assert.Equal(3, store.Count);
            Assert.False(await store.IsProcessedAsync("a"));
            Assert.True(await store.IsProcessedAsync("b"));
            Assert.True(await store.IsProcessedAsync("d"));
        }

        [Fact]
        public async Task Store_MarkingAgain_MakesTheIdTheNewest()
        {
            var store = new InMemoryKlingWebhookReplayStore(capacity: 2, timeProvider: _clock);
            await store.MarkProcessedAsync("a");
            await store.MarkProcessedAsync("b");
            await store.MarkProcessedAsync("a");
            await store.MarkProcessedAsync("c");

            Assert.True(await store.IsProcessedAsync("a"));
            Assert.False(await store.IsProcessedAsync("b"));
        }

        [Fact]
        public async Task Store_ForgetsAfterTheRetention()
        {
            var store = new InMemoryKlingWebhookReplayStore(retention: TimeSpan.FromHours(1), timeProvider: _clock);
            await store.MarkProcessedAsync("a");
            _clock.Advance(TimeSpan.FromMinutes(30));
            await store.MarkProcessedAsync("b");

            _clock.Advance(TimeSpan.FromMinutes(31));

            Assert.False(await store.IsProcessedAsync("a"));
            Assert.True(await store.IsProcessedAsync("b"));
            Assert.Equal(1, store.Count);
        }

        [Fact]
        public async Task Store_ConcurrentMarks_KeepItsBound()
        {
            var store = new InMemoryKlingWebhookReplayStore(capacity: 1_000, timeProvider: _clock);

            await Task.WhenAll(System.Linq.Enumerable.Select(Enumerable(8), worker => Task.Run(async () =>
            {
                for (var i = 0; i < 5_000; i++)
                {
                    await store.MarkProcessedAsync($"{worker}-{i}");
                    _ = await store.IsProcessedAsync($"{worker}-{i / 2}");
                }
            })));

            Assert.Equal(1_000, store.Count);
        }

        [Theory]
        [InlineData(0, 1.0)]
        [InlineData(1, 0.0)]
        [InlineData(1, -1.0)]
        public void Store_OutOfRangeSettings_Refused(int capacity, double retentionHours)
            => Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryKlingWebhookReplayStore(capacity, TimeSpan.FromHours(retentionHours)));

        [Fact]
        public async Task Store_EmptyId_Refused()
        {
            var store = new InMemoryKlingWebhookReplayStore();
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.MarkProcessedAsync(""));
            await Assert.ThrowsAsync<ArgumentException>(async () => await store.IsProcessedAsync(""));
        }

        private static System.Collections.Generic.IEnumerable<int> Enumerable(int count) => System.Linq.Enumerable.Range(0, count);

        private KlingWebhookVerifier Verifier() => new(Secret, timeProvider: _clock);

        private KlingWebhookEvent Deliver() => Verifier().Verify(EventId, Timestamp, KlingWebhookSigner.Sign(Secret, EventId, Timestamp, Body), Body);
    }
}
