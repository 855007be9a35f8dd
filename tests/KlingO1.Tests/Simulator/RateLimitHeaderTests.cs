using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The rate-limit page's headers, bodies and tier table (Payloads/Documented/async-rate-limits.*) against the
    /// simulator, on a manual clock that starts on a minute boundary.
    /// </summary>
    public sealed class RateLimitHeaderTests
    {
        private static readonly SimulatorRateLimits Small = new(submitsPerMinute: 10, submitBurstPer10Seconds: 2, readsPerMinute: 20, readBurstPer10Seconds: 3);
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task LimitedSubmit_CarriesEveryDocumentedHeaderAndTheDocumentedBody()
        {
            await using var simulator = await StartAsync(Small);
            await SubmitAsync(simulator);
            await SubmitAsync(simulator);

            var limited = await SubmitAsync(simulator);

            Assert.Equal((HttpStatusCode)429, limited.Status);
            AssertHeaders(limited.Headers, "async_submit", limit: 10, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(10));
            Assert.Equal(TimeSpan.FromSeconds(10), limited.Headers.RetryAfter!.Delta);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("async-rate-limits.en.error-429.response.json"), limited.Body), limited.ToString());
        }

        [Fact]
        public async Task LimitedStatusRead_CarriesEveryDocumentedHeaderWithTheQueryCategory()
        {
            await using var simulator = await StartAsync(Small);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/video_x")).Status);
            }

            var limited = await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/video_x");

            Assert.Equal((HttpStatusCode)429, limited.Status);
            AssertHeaders(limited.Headers, "async_query", limit: 20, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(10));
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        [Fact]
        public async Task AdmittedSubmit_CarriesLimitRemainingResetAndCategory()
        {
            await using var simulator = await StartAsync(Small);

            var first = await SubmitAsync(simulator);
            var second = await SubmitAsync(simulator);

            // Remaining counts what may be sent now: the 10-second burst binds before the minute does.
            AssertHeaders(first.Headers, "async_submit", limit: 10, remaining: 1, reset: _clock.GetUtcNow().AddSeconds(10));
            AssertHeaders(second.Headers, "async_submit", limit: 10, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(10));
            Assert.Null(first.Headers.RetryAfter);
        }

        [Fact]
        public async Task RefusedRequests_DoNotConsumeAllowance()
        {
            // "requests rejected with 429 do not [consume allowance]": five bursts of 2 fit in a minute of 10.
            await using var simulator = await StartAsync(Small);
            for (var burst = 0; burst < 5; burst++)
            {
                Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(simulator)).Status);
                Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(simulator)).Status);
                Assert.Equal((HttpStatusCode)429, (await SubmitAsync(simulator)).Status);
                Assert.Equal((HttpStatusCode)429, (await SubmitAsync(simulator)).Status);
                _clock.Advance(TimeSpan.FromSeconds(10));
            }

            Assert.Equal(10, simulator.Tasks.Count);
        }

        [Fact]
        public async Task FaultInjected429_WithoutLimits_CarriesEveryDocumentedHeaderWithTheDefaultTierLimit()
        {
            await using var simulator = await StartAsync(null);
            simulator.Faults.RateLimitSubmits(1, TimeSpan.FromSeconds(2.2));

            var limited = await SubmitAsync(simulator);

            Assert.Equal((HttpStatusCode)429, limited.Status);
            AssertHeaders(limited.Headers, "async_submit", limit: 300, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(3));
            Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter!.Delta);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("async-rate-limits.en.error-429.response.json"), limited.Body), limited.ToString());
        }

        [Fact]
        public async Task FaultInjected429_WithLimits_CarriesTheConfiguredLimitAndConsumesNoAllowance()
        {
            await using var simulator = await StartAsync(Small);
            simulator.Faults.RateLimitSubmits(1, TimeSpan.FromSeconds(1));

            var limited = await SubmitAsync(simulator);
            var admitted = await SubmitAsync(simulator);

            AssertHeaders(limited.Headers, "async_submit", limit: 10, remaining: 0, reset: _clock.GetUtcNow().AddSeconds(1));
            AssertHeaders(admitted.Headers, "async_submit", limit: 10, remaining: 1, reset: _clock.GetUtcNow().AddSeconds(10));
        }

        [Fact]
        public async Task LimiterUnavailable_AnswersTheDocumented503Body()
        {
            await using var simulator = await StartAsync(null);
            simulator.Faults.MakeSubmitLimiterUnavailable(1);

            var answer = await SubmitAsync(simulator);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.True(JsonNode.DeepEquals(Payloads.Documented("async-rate-limits.en.error-503-limiter.response.json"), answer.Body), answer.ToString());
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [InlineData("default")]
        [InlineData("vip")]
        [InlineData("svip")]
        public void Tiers_MatchTheDocumentedTable(string group)
        {
            var documented = Payloads.Documented("async-rate-limits.en.headers-and-table.response.json")["groups"]![group]!;
            var tier = group switch
            {
                "default" => SimulatorRateLimits.DefaultTier,
                "vip" => SimulatorRateLimits.SecondTier,
                _ => SimulatorRateLimits.ThirdTier,
            };

            Assert.Equal(
                (documented["submit_rpm"]!.GetValue<int>(), documented["submit_burst_10s"]!.GetValue<int>(), documented["query_rpm"]!.GetValue<int>(), documented["query_burst_10s"]!.GetValue<int>()),
                (tier.SubmitsPerMinute, tier.SubmitBurstPer10Seconds, tier.ReadsPerMinute, tier.ReadBurstPer10Seconds));
        }

        private static void AssertHeaders(HttpResponseHeaders headers, string category, int limit, int remaining, DateTimeOffset reset)
        {
            string One(string name) => Assert.Single(headers.TryGetValues(name, out var values) ? values : Enumerable.Empty<string>());
            Assert.Equal(
                (limit.ToString(CultureInfo.InvariantCulture), remaining.ToString(CultureInfo.InvariantCulture), reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), category),
                (One("X-RateLimit-Limit"), One("X-RateLimit-Remaining"), One("X-RateLimit-Reset"), One("X-RateLimit-Category")));
        }

        private static Task<SimulatorHttp.Answer> SubmitAsync(KlingSimulator simulator)
            => SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.en.text-to-video.request.json"));

        private Task<KlingSimulator> StartAsync(SimulatorRateLimits? limits)
            => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock, RateLimits = limits });
    }
}
