using System;
using System.Net;

namespace KlingO1.Tests.Tasks
{
    /// <summary>The factory builds what the client returns and throws, for users' own tests.</summary>
    public sealed class KlingVideoModelFactoryTests
    {
        private static readonly DateTimeOffset Reset = new(2026, 1, 14, 8, 0, 10, TimeSpan.Zero);

        [Fact]
        public void ApiException_429WithRateLimit_IsARateLimitExceptionCarryingIt()
        {
            var info = KlingVideoModelFactory.RateLimitInfo(limit: 3000, remaining: 0, resetsAt: Reset, category: "async_query");

            var ex = Assert.IsType<KlingRateLimitException>(
                KlingVideoModelFactory.ApiException((HttpStatusCode)429, "rate_limit_exceeded", retryAfter: TimeSpan.FromSeconds(10), rateLimit: info));

            Assert.Same(info, ex.RateLimit);
            Assert.Equal(TimeSpan.FromSeconds(10), ex.RetryAfter);
            Assert.Equal(3000, ex.RateLimit!.Limit);
            Assert.Equal(0, ex.RateLimit.Remaining);
            Assert.Equal(Reset, ex.RateLimit.ResetsAt);
            Assert.Equal("async_query", ex.RateLimit.Category);
        }

        [Fact]
        public void AccountBalance_EveryField_IsCarried()
        {
            var balance = KlingVideoModelFactory.AccountBalance(10.5m, 2m, 2100m, 400m, 200m);

            Assert.Equal(10.5m, balance.RemainingBalance);
            Assert.Equal(2m, balance.UsedBalance);
            Assert.Equal(2100m, balance.RemainingCredits);
            Assert.Equal(400m, balance.UsedCredits);
            Assert.Equal(200m, balance.CreditsPerUsd);
            Assert.False(balance.IsUnlimited);
            Assert.True(KlingVideoModelFactory.AccountBalance(isUnlimited: true).IsUnlimited);
        }

        [Fact]
        public void ApiException_402_PointsAtTheBalanceMethods()
        {
            var ex = Assert.IsType<KlingInsufficientBalanceException>(KlingVideoModelFactory.ApiException(HttpStatusCode.PaymentRequired, "402", "Insufficient account balance"));
            Assert.Contains("GetBalanceAsync", ex.Message, StringComparison.Ordinal);
            Assert.Contains("GetUserBalanceAsync", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ApiException_503SubmitLimiter_IsARateLimitException()
            => Assert.IsType<KlingRateLimitException>(KlingVideoModelFactory.ApiException(HttpStatusCode.ServiceUnavailable, "rate_limit_unavailable"));

        [Fact]
        public void ApiException_Other503_IsThePlainApiException()
            => Assert.IsType<KlingApiException>(KlingVideoModelFactory.ApiException(HttpStatusCode.ServiceUnavailable, "service_unavailable"));
    }
}
