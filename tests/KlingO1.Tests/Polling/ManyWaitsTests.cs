using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KlingO1.Tests.Polling
{
    /// <summary>Many waits of one client share its scheduler: the read rate holds, each wait gets its turn, none is lost.</summary>
    public sealed class ManyWaitsTests
    {
        private const int Waits = 300;
        private const double Rate = 20;

        [Fact]
        public async Task WaitForCompletionAsync_300WaitsAtOnce_StayUnderTheReadRateAndAllEnd()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
            using var service = new ThreeReadService(clock);
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                BaseAddress = new Uri("https://api.kling.test/"),
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
                Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff, MaxStatusReadsPerSecond = Rate },
            };
            using var client = new KlingVideoClient(new HttpClient(service, disposeHandler: false), options, clock, () => 0.0);

            var waits = Enumerable.Range(0, Waits).Select(i => client.WaitForCompletionAsync("video_many_" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
            var all = Task.WhenAll(waits);
            for (var step = 0; step < 20_000 && !all.IsCompleted; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Yield();
            }

            var finals = await all;
            Assert.All(finals, t => Assert.Equal(VideoTaskStatus.Completed, t.Status));
            Assert.Equal(3 * Waits, service.ReadTimes.Count);
            Assert.True(MostInAnySecond(service.ReadTimes) <= Rate, $"{MostInAnySecond(service.ReadTimes)} reads in one second");

            // Earliest due first: the first reads of all waits come before anyone's second read (all were due at once).
            Assert.Equal(Waits, service.ReadOrder.Take(Waits).Distinct().Count());
            Assert.Equal(0, client.ParkedWaits);
        }

        private static int MostInAnySecond(IReadOnlyList<DateTimeOffset> times)
        {
            var sorted = times.OrderBy(t => t).ToArray();
            var most = 0;
            for (int start = 0, end = 0; start < sorted.Length; start++)
            {
                while (end < sorted.Length && sorted[end] < sorted[start].AddSeconds(1))
                {
                    end++;
                }

                most = Math.Max(most, end - start);
            }

            return most;
        }

        /// <summary>Every task reads queued, then in progress, then completed; each read is stamped with the virtual time.</summary>
        private sealed class ThreeReadService : HttpMessageHandler
        {
            private readonly TimeProvider _clock;
            private readonly Dictionary<string, int> _reads = new(StringComparer.Ordinal);

            public ThreeReadService(TimeProvider clock) => _clock = clock;

            public List<DateTimeOffset> ReadTimes { get; } = new();

            public List<string> ReadOrder { get; } = new();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var id = request.RequestUri!.Segments[^1];
                int n;
                lock (_reads)
                {
                    n = _reads[id] = _reads.GetValueOrDefault(id) + 1;
                    ReadTimes.Add(_clock.GetUtcNow());
                    ReadOrder.Add(id);
                }

                var body = n switch
                {
                    1 => $"{{\"id\":\"{id}\",\"status\":\"queued\",\"progress\":0,\"created_at\":1768380222}}",
                    2 => $"{{\"id\":\"{id}\",\"status\":\"in_progress\",\"progress\":50,\"created_at\":1768380222}}",
                    _ => $"{{\"id\":\"{id}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.kling.test/{id}.mp4\"}}]}}}}",
                };
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
            }
        }
    }
}
