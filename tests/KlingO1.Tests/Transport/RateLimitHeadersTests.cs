using System;
using System.Net;
using System.Net.Http;
using KlingO1.Tests.Infrastructure;
using KlingO1.Transport;

namespace KlingO1.Tests.Transport
{
    /// <summary>The rate-limit headers are read leniently and boundedly: junk is left out, never thrown.</summary>
    public sealed class RateLimitHeadersTests
    {
        private const string Key = KlingServerFixture.ApiKey;
        private readonly ManualClock _clock = new();

        [Fact]
        public void Read_EveryDocumentedHeader_IsRead()
        {
            var info = RateLimitHeaders.Read(
                Answer(200, ("X-RateLimit-Limit", "3000"), ("X-RateLimit-Remaining", "2999"), ("X-RateLimit-Reset", "42"), ("X-RateLimit-Category", "async_query")),
                _clock,
                Key)!;

            Assert.Equal(3000, info.Limit);
            Assert.Equal(2999, info.Remaining);
            Assert.Equal(_clock.GetUtcNow().AddSeconds(42), info.ResetsAt);
            Assert.Equal("async_query", info.Category);
            Assert.Equal("async_query, limit 3000, remaining 2999, resets at 2026-01-14 08:00:42Z", info.ToString());
        }

        [Fact]
        public void Read_NoRateLimitHeaders_IsNull()
            => Assert.Null(RateLimitHeaders.Read(Answer(200, ("Retry-After", "3")), _clock, Key));

        [Theory]
        [InlineData("1768377610", 10)]               // Unix seconds
        [InlineData("1768377610000", 10)]            // Unix milliseconds
        [InlineData("Wed, 14 Jan 2026 08:00:10 GMT", 10)]
        [InlineData("2.5", 2.5)]
        [InlineData("0", 0)]
        public void Read_ResetAsSecondsUnixTimeOrDate_IsAMomentOnTheClock(string reset, double secondsFromNow)
        {
            var info = RateLimitHeaders.Read(Answer(200, ("X-RateLimit-Reset", reset)), _clock, Key)!;
            Assert.Equal(_clock.GetUtcNow().AddSeconds(secondsFromNow), info.ResetsAt);
        }

        [Theory]
        [InlineData("50, 50", 50)]
        [InlineData("50;w=60", 50)]
        [InlineData(" 16.7 ", 16)]
        [InlineData("99999999999", int.MaxValue)]
        public void Read_FoldedParameterisedOrFractionalCount_TakesTheLeadingFigure(string value, int expected)
            => Assert.Equal(expected, RateLimitHeaders.Read(Answer(200, ("X-RateLimit-Limit", value)), _clock, Key)!.Limit);

        [Theory]
        [InlineData("abc")]
        [InlineData("-1")]
        [InlineData("NaN")]
        [InlineData("Infinity")]
        [InlineData("1e400")]
        [InlineData("0x10")]
        [InlineData(",")]
        public void Read_JunkValues_AreLeftOutWithoutThrowing(string junk)
        {
            var info = RateLimitHeaders.Read(
                Answer(429, ("X-RateLimit-Limit", junk), ("X-RateLimit-Remaining", junk), ("X-RateLimit-Reset", junk), ("X-RateLimit-Category", "async_query")),
                _clock,
                Key)!;

            Assert.Null(info.Limit);
            Assert.Null(info.Remaining);
            Assert.Null(info.ResetsAt);
            Assert.Equal("async_query", info.Category);
        }

        [Fact]
        public void Read_OverlongValues_AreNotLookedAt()
        {
            var longNumber = "1" + new string('0', 70);
            var info = RateLimitHeaders.Read(Answer(200, ("X-RateLimit-Limit", longNumber), ("X-RateLimit-Category", new string('c', 65))), _clock, Key);
            Assert.Null(info);
        }

        [Fact]
        public void Read_CategoryEchoingTheKey_IsMasked()
            => Assert.Equal("*** async_query", RateLimitHeaders.Read(Answer(200, ("X-RateLimit-Category", Key + " async_query")), _clock, Key)!.Category);

        [Fact]
        public void RequestedWait_429WithResetButNoRetryAfter_WaitsUntilTheReset()
            => Assert.Equal(TimeSpan.FromSeconds(9), RateLimitHeaders.RequestedWait(Answer(429, ("X-RateLimit-Reset", "9")), _clock));

        [Fact]
        public void RequestedWait_RetryAfterAndReset_RetryAfterWins()
            => Assert.Equal(TimeSpan.FromSeconds(2), RateLimitHeaders.RequestedWait(Answer(429, ("Retry-After", "2"), ("X-RateLimit-Reset", "9")), _clock));

        [Fact]
        public void RequestedWait_503WithResetOnly_AsksForNothing()
            => Assert.Null(RateLimitHeaders.RequestedWait(Answer(503, ("X-RateLimit-Reset", "9")), _clock));

        [Fact]
        public void RequestedWait_429ResetInThePast_IsZero()
            => Assert.Equal(TimeSpan.Zero, RateLimitHeaders.RequestedWait(Answer(429, ("X-RateLimit-Reset", "1768377590")), _clock));

        private static HttpResponseMessage Answer(int status, params (string Name, string Value)[] headers)
        {
            var response = new HttpResponseMessage((HttpStatusCode)status);
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }
    }
}
