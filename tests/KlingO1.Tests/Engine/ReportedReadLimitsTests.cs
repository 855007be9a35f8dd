using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

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
        private readonly ManualClock _clock = new(Start);

        [Fact]
        public async Task Waits_AnswerSaysNothingRemainsUntilAReset10SecondsOff_NoReadFor10SecondsThenReadsResume()
        {
            // The first answer spends the window: nothing remains, and it resets in 10 s.
            using var service = Service(n => n == 1
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
            using var service = Service(_ => Array.Empty<(string, string)>(), refuseRead: n => n == 1 ? "4" : null);

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
            using var service = Service(_ => new[] { ("X-RateLimit-Limit", "600"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 10, $"{MostInAnySecond(reads)} reads in one second");
            Assert.InRange(reads[Waits - 1], 9.9 - 1e-6, 10.5);                    // the first round takes 10 s, not 2.5 s
        }

        [Fact]
        public async Task Waits_ReportedLimitWithoutItsCategory_IsNotFollowed()
        {
            // A limit that does not say it is the status reads' may be anyone's (a proxy's): the cap stays.
            using var service = Service(_ => new[] { ("X-RateLimit-Limit", "60") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.Equal(99 * 0.025, reads[Waits - 1], 6);
        }

        [Fact]
        public async Task Waits_ReportedLimitOfOneAMinute_IsFollowedNoSlowerThanOneReadASecond()
        {
            using var service = Service(_ => new[] { ("X-RateLimit-Limit", "1"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service, timeout: TimeSpan.FromMinutes(10), steps: 100_000);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 1, $"{MostInAnySecond(reads)} reads in one second");
            Assert.InRange(reads[Waits - 1], 98.9, 100.5);                        // a read a second, not one a minute
        }

        [Fact]
        public async Task Waits_ReportedLimitAboveTheCap_StayAtTheCap()
        {
            using var service = Service(_ => new[] { ("X-RateLimit-Limit", "30000"), ("X-RateLimit-Category", "async_query") });

            var reads = await RunWaitsAsync(service);

            Assert.Equal(2 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads) <= 40, $"{MostInAnySecond(reads)} reads in one second");
            Assert.Equal(99 * 0.025, reads[Waits - 1], 6);
        }

        [Fact]
        public async Task Waits_SpentWindowOfAnotherCategory_DoesNotHoldStatusReads()
        {
            using var service = Service(n => n == 1
                ? new[] { ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "10"), ("X-RateLimit-Category", "async_submit") }
                : Array.Empty<(string, string)>());

            var reads = await RunWaitsAsync(service);

            Assert.Equal(0.025, reads[1], 6);
        }

        [Fact]
        public async Task Waits_ResetAnHourOff_HoldAtMostFiveMinutes()
        {
            using var service = Service(n => n == 1
                ? new[] { ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "3600") }
                : Array.Empty<(string, string)>());

            var reads = await RunWaitsAsync(service, timeout: TimeSpan.FromMinutes(30), steps: 100_000);

            Assert.Equal(300, reads[1], 6);
            Assert.Equal(2 * Waits, reads.Count);
        }

        /// <summary>Starts the waits at once and moves virtual time on in 5 ms steps until all end; returns the read times in seconds.</summary>
        private async Task<List<double>> RunWaitsAsync(ScriptedHandler service, TimeSpan? timeout = null, int steps = 20_000)
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                BaseAddress = new Uri(ScriptedHandler.Api + "/"),
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
            return service.Received.Select(r => (r.At - Start).TotalSeconds).ToList();
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
        /// read of all (1-based); a read may be refused with a 429 and a Retry-After instead (and the task's next read is
        /// then still its first answered one).
        /// </summary>
        private ScriptedHandler Service(Func<int, (string Name, string Value)[]> headers, Func<int, string?>? refuseRead = null)
        {
            var refused = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            return new ScriptedHandler(_clock)
            {
                Fallback = Respond.ByRequest(r =>
                {
                    var id = r.LastSegment;
                    var response = refuseRead?.Invoke(r.Number) is { } retryAfter
                        ? Respond.Message(429, Respond.ErrorJson("rate_limit_exceeded", "Async task request rate exceeded"), retryAfter)
                        : Respond.Message(200, r.NumberOnRoute - refused.GetValueOrDefault(id) == 1 ? Respond.TaskJson(id, "queued") : Respond.CompletedJson(id));
                    if ((int)response.StatusCode == 429)
                    {
                        refused.AddOrUpdate(id, 1, (_, n) => n + 1);
                    }

                    foreach (var (name, value) in headers(r.Number))
                    {
                        response.Headers.TryAddWithoutValidation(name, value);
                    }

                    return response;
                }),
            };
        }
    }
}
