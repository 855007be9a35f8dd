using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Where one category's allowance stands, as the rate-limit page's headers tell it: <c>X-RateLimit-Limit</c> (the
    /// per-minute figure of the tier), <c>-Remaining</c> (requests admitted now), <c>-Reset</c> (when that count next
    /// grows) and <c>-Category</c>. The page names the headers without their formats: the simulator sends
    /// <c>-Reset</c> as Unix seconds, the format of every other time the service sends.
    /// </summary>
    internal readonly record struct RateLimitStanding(string Category, int Limit, int Remaining, DateTimeOffset ResetAt)
    {
        public const string SubmitCategory = "async_submit";
        public const string QueryCategory = "async_query";

        /// <summary>A refusal: nothing remains until <paramref name="now"/> plus the wait, rounded up to whole seconds.</summary>
        public static RateLimitStanding Refused(string category, int limit, DateTimeOffset now, TimeSpan wait)
            => new(category, limit, 0, now + TimeSpan.FromSeconds(RetryAfterSeconds(wait)));

        /// <summary>Gets the whole seconds a <c>Retry-After</c> asks for: at least 1, never less than the wait.</summary>
        public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));

        public void WriteTo(HttpResponse response)
        {
            // Rounded up, so a client that waits until Reset is never early.
            var resetSeconds = (ResetAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
            var headers = response.Headers;
            headers["X-RateLimit-Limit"] = Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = resetSeconds.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Category"] = Category;
        }
    }
}
