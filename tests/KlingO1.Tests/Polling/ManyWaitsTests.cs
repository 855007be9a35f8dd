using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

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
            var clock = new ManualClock();

            // Every task reads queued, then in progress, then completed; each read is stamped with the virtual time.
            using var service = new ScriptedHandler(clock)
            {
                Fallback = Respond.ByRequest(r => Respond.Message(200, r.NumberOnRoute switch
                {
                    1 => Respond.TaskJson(r.LastSegment, "queued"),
                    2 => Respond.TaskJson(r.LastSegment, "in_progress", 50),
                    _ => Respond.CompletedJson(r.LastSegment),
                })),
            };
            var options = new KlingVideoClientOptions
            {
                ApiKey = KlingServerFixture.ApiKey,
                BaseAddress = new Uri(ScriptedHandler.Api + "/"),
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
                Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff, MaxStatusReadsPerSecond = Rate },
            };
            using var client = new KlingVideoClient(new HttpClient(service, disposeHandler: false), options, clock, () => 0.0);

            var waits = Enumerable.Range(0, Waits).Select(i => client.WaitForCompletionAsync("video_many_" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
            var all = Task.WhenAll(waits);
            for (var step = 0; step < 20_000 && !all.IsCompleted; step++)
            {
                // Time moves only while every wait is parked or done: a read released at one moment is then stamped at
                // that moment, not after the loop moved on while a pool thread was still carrying it to the service.
                for (var spin = 0; spin < 10_000 && client.ParkedWaits + waits.Count(w => w.IsCompleted) < Waits; spin++)
                {
                    await Task.Yield();
                }

                clock.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Yield();
            }

            var finals = await all;
            var reads = service.Received;
            Assert.All(finals, t => Assert.Equal(VideoTaskStatus.Completed, t.Status));
            Assert.Equal(3 * Waits, reads.Count);
            Assert.True(MostInAnySecond(reads.Select(r => r.At).ToList()) <= Rate, $"{MostInAnySecond(reads.Select(r => r.At).ToList())} reads in one second");

            // Earliest due first: the first reads of all waits come before anyone's second read (all were due at once).
            Assert.Equal(Waits, reads.Take(Waits).Select(r => r.LastSegment).Distinct().Count());
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
    }
}
