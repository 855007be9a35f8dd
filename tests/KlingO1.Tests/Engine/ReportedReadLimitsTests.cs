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

namespace KlingO1.Tests.Engine
{
    /// <summary>
    /// The waits of a client follow what status-read answers say about the service's limit: a spent window holds every
    /// read until it resets, a reported limit below the cap slows them, and the configured cap is never exceeded.
    /// </summary>
    public sealed class ReportedReadLimitsTests
    {
        private const int Waits = 100;
        private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);
        private readonly FakeTimeProvider _clock = new(Start);

        [Fact]
        public async Task Waits_AnswerSaysNothingRemainsUntilAReset10SecondsOff_NoReadFor10SecondsThenReadsResume()
        {
            // The first answer spends the window: nothing remains, and it resets in 10 s.
            using var service = new TwoReadService(_clock, n => n == 1
                ? new[] { ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "10"), ("X-RateLimit-Category", "async_query") }
                : new[] { ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "2000"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(0, reads[0]);
            Assert.DoesNotContain(reads.Skip(1), at => at < 10);
            Assert.Equal(10, reads[1], 6);
            Assert.Equal(2 * Waits, reads.Count);                                  // then every wait reads again, and ends
            Assert.True(MostInAnySecond(reads) <= 40, $"{MostInAnySecond(reads)} reads in one second");
        }

        [Fact]
        public async Task Waits_429WithRetryAfterOnARead_NoWaitReadsBeforeIt()
        {
            using var service = new TwoReadService(_clock, _ => Array.Empty<(string, string)>(), refuseRead: n => n == 1 ? "4" : null);

            var reads = await RunWaitsAsync(service);

            Assert.Equal(0, reads[0]);
            Assert.DoesNotContain(reads.Skip(1), at => at < 4);
            Assert.Equal(4, reads[1], 6);
            Assert.Equal((2 * Waits) + 1, reads.Count);                            // the refused read is made again
        }

        [Fact]
        public async Task Waits_ReportedLimitOf10PerSecond_ReadAtThatRateNotTheCap()
        {
            // 600 a minute: 10 status reads a second, below the configured 40.
            using var service = new TwoReadService(_clock, _ => new[] { ("X-RateLimit-Limit", "600"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 10, $"{MostInAnySecond(reads)} reads in one second");
            Assert.InRange(reads[Waits - 1], 9.9 - 1e-6, 10.5);                    // the first round takes 10 s, not 2.5 s
        }

        [Fact]
        public async Task Waits_ReportedLimitWithoutItsCategory_IsNotFollowed()
        {
            // A limit that does not say it is the status reads' may be anyone's (a proxy's): the cap stays.
            using var service = new TwoReadService(_clock, _ => new[] { ("X-RateLimit-Limit", "60") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.Equal(99 * 0.025, reads[Waits - 1], 6);
        }

        [Fact]
        public async Task Waits_ReportedLimitOfOneAMinute_IsFollowedNoSlowerThanOneReadASecond()
        {
            using var service = new TwoReadService(_clock, _ => new[] { ("X-RateLimit-Limit", "1"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service, timeout: TimeSpan.FromMinutes(10), steps: 100_000);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 1, $"{MostInAnySecond(reads)} reads in one second");
            Assert.InRange(reads[Waits - 1], 98.9, 100.5);                        // a read a second, not one a minute
        }

        [Fact]
        public async Task Waits_ReportedLimitAboveTheCap_StayAtTheCap()
        {
            using var service = new TwoReadService(_clock, _ => new[] { ("X-RateLimit-Limit", "30000"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 40, $"{MostInAnySecond(reads)} reads in one second");
            Assert.Equal(99 * 0.025, reads[Waits - 1], 6);
        }

        [Fact]
        public async Task Waits_SpentWindowOfAnotherCategory_DoesNotHoldStatusReads()
        {
            using var service = new TwoReadService(_clock, n => n == 1
                ? new[] { ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "10"), ("X-RateLimit-Category", "async_submit") }
                : Array.Empty<(string, string)>());

            var reads = await RunWaitsAsync(service);

            Assert.Equal(0.025, reads[1], 6);
        }

        [Fact]
        public async Task Waits_ResetAnHourOff_HoldAtMostFiveMinutes()
        {
            using var service = new TwoReadService(_clock, n => n == 1
                ? new[] { ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "3600") }
                : Array.Empty<(string, string)>());

            var reads = await RunWaitsAsync(service, timeout: TimeSpan.FromMinutes(30), steps: 100_000);

            Assert.Equal(300, reads[1], 6);
            Assert.Equal(2 * Waits, reads.Count);
        }

        /// <summary>Starts the waits at once and moves virtual time on in 5 ms steps until all end; returns the read times in seconds.</summary>
        private async Task<List<double>> RunWaitsAsync(TwoReadService service, TimeSpan? timeout = null, int steps = 20_000)
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                BaseAddress = new Uri("https://api.kling.test/"),
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
                Polling = new KlingPollingOptions
                {
                    Strategy = PollingStrategy.ExponentialBackoff,
                    MaxStatusReadsPerSecond = 40,
                    Timeout = timeout ?? TimeSpan.FromMinutes(10),
                },
            };
            using var client = new KlingVideoClient(new HttpClient(service, disposeHandler: false), options, _clock, () => 0.0);

            var all = Task.WhenAll(Enumerable.Range(0, Waits).Select(i => client.WaitForCompletionAsync("video_limits_" + i.ToString(CultureInfo.InvariantCulture))));
            for (var step = 0; step < steps && !all.IsCompleted; step++)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(5));
                await Task.Yield();
            }

            Assert.All(await all, t => Assert.Equal(VideoTaskStatus.Completed, t.Status));
            return service.ReadTimes.Select(t => (t - Start).TotalSeconds).ToList();
        }

        private static int MostInAnySecond(IReadOnlyList<double> times)
        {
            var sorted = times.OrderBy(t => t).ToArray();
            var most = 0;
            for (int start = 0, end = 0; start < sorted.Length; start++)
            {
                while (end < sorted.Length && sorted[end] < sorted[start] + 1 - 1e-9)
                {
                    end++;
                }

                most = Math.Max(most, end - start);
            }

            return most;
        }

        /// <summary>
        /// Every task reads queued, then completed. Each answer carries the rate-limit headers the test picks for the n-th
        /// read of all (1-based); a read may be refused with a 429 and a Retry-After instead.
        /// </summary>
        private sealed class TwoReadService : HttpMessageHandler
        {
            private readonly TimeProvider _clock;
            private readonly Func<int, (string Name, string Value)[]> _headers;
            private readonly Func<int, string?> _refuseRead;
            private readonly Dictionary<string, int> _reads = new(StringComparer.Ordinal);
            private int _all;

            public TwoReadService(TimeProvider clock, Func<int, (string Name, string Value)[]> headers, Func<int, string?>? refuseRead = null)
            {
                _clock = clock;
                _headers = headers;
                _refuseRead = refuseRead ?? (_ => null);
            }

            public List<DateTimeOffset> ReadTimes { get; } = new();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var id = request.RequestUri!.Segments[^1];
                int all;
                string? retryAfter;
                HttpResponseMessage response;
                lock (_reads)
                {
                    all = ++_all;
                    ReadTimes.Add(_clock.GetUtcNow());
                    retryAfter = _refuseRead(all);
                    if (retryAfter is not null)
                    {
                        response = Answer(429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Async task request rate exceeded\"}}");
                        response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
                    }
                    else
                    {
                        var n = _reads[id] = _reads.GetValueOrDefault(id) + 1;
                        response = Answer(200, n == 1
                            ? $"{{\"id\":\"{id}\",\"status\":\"queued\",\"progress\":0,\"created_at\":1768380222}}"
                            : $"{{\"id\":\"{id}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.kling.test/{id}.mp4\"}}]}}}}");
                    }
                }

                foreach (var (name, value) in _headers(all))
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                response.RequestMessage = request;
                return Task.FromResult(response);
            }

            private static HttpResponseMessage Answer(int status, string body)
                => new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
