using System;
#if !NET
using System.Collections.Generic;
#endif
using System.Globalization;
using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>
    /// Reads the service's rate-limit headers (<c>X-RateLimit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c>, <c>-Category</c>)
    /// leniently: a value that is missing, overlong or not what it should be is left out, and nothing here throws, since
    /// these headers only inform and must never fail an answer that is otherwise fine.
    /// </summary>
    internal static class RateLimitHeaders
    {
        // Longer than any number or category the service sends: a longer value is junk and is not looked at.
        private const int MaxValueLength = 64;

        // A Reset at least this large is a Unix time, not a number of seconds (1e9 s is 2001; 1e12 is then milliseconds).
        private const double UnixSecondsFrom = 1e9;
        private const double UnixMillisecondsFrom = 1e12;
        private const double LatestUnixMilliseconds = 253_402_300_799_999;

        private static readonly char[] Separators = { ',', ';' };

        /// <summary>Returns what the headers say, or null when the answer carries none of them in a readable form.</summary>
        public static RateLimitInfo? Read(HttpResponseMessage response, TimeProvider time, string apiKey)
        {
            try
            {
                var limit = Count(First(response, "X-RateLimit-Limit"));
                var remaining = Count(First(response, "X-RateLimit-Remaining"));
                var resetsAt = Moment(First(response, "X-RateLimit-Reset"), time);
                var category = Category(First(response, "X-RateLimit-Category"), apiKey);
                return limit is null && remaining is null && resetsAt is null && category is null
                    ? null
                    : new RateLimitInfo(limit, remaining, resetsAt, category);
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or OverflowException)
            {
                // A header store that refuses a name or value (a handler's odd response): the answer stands without the facts.
                return null;
            }
        }

        /// <summary>
        /// The wait a refusal asks for: its <c>Retry-After</c>, or for a 429 without one, the time until
        /// <c>X-RateLimit-Reset</c>, so that a retry does not come back before the service's window opens again.
        /// </summary>
        public static TimeSpan? RequestedWait(HttpResponseMessage response, TimeProvider time)
        {
            if (ApiErrorMapper.RetryAfter(response, time) is { } asked)
            {
                return asked;
            }

            if ((int)response.StatusCode != 429 || Moment(First(response, "X-RateLimit-Reset"), time) is not { } resetsAt)
            {
                return null;
            }

            var wait = resetsAt - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        /// <summary>The first value of a header, trimmed, or null when absent or overlong.</summary>
        private static string? First(HttpResponseMessage response, string name)
        {
            string? first = null;
#if NET
            // Read as sent, without parsing or allocating when absent: these are looked at on every status read.
            if (response.Headers.NonValidated.TryGetValues(name, out var values))
#else
            if (response.Headers.TryGetValues(name, out IEnumerable<string>? values))
#endif
            {
                foreach (var value in values)
                {
                    first = value;
                    break;
                }
            }

            if (first is null || first.Length > MaxValueLength)
            {
                return null;
            }

            first = first.Trim();
            return first.Length == 0 ? null : first;
        }

        /// <summary>
        /// The leading item of a value: "50, 50" is a header sent twice and folded, "50;w=60" carries the IETF draft's
        /// parameters; the figure comes first in both.
        /// </summary>
        private static string? Leading(string? text)
        {
            if (text is null)
            {
                return null;
            }

            var end = text.IndexOfAny(Separators);
            var leading = end < 0 ? text : text.Substring(0, end).Trim();
            return leading.Length == 0 ? null : leading;
        }

        private static double? Number(string? text)
            => Leading(text) is { } leading
                && double.TryParse(leading, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value >= 0
                && !double.IsInfinity(value)
                ? value
                : null;

        /// <summary>A count of requests: whole and not negative (a fraction is rounded down), at most <see cref="int.MaxValue"/>.</summary>
        private static int? Count(string? text)
            => Number(text) is { } value ? (int)Math.Min(Math.Floor(value), int.MaxValue) : null;

        /// <summary>
        /// When the window resets: a number of seconds from now, a Unix time in seconds or milliseconds (told apart by size),
        /// or an HTTP date.
        /// </summary>
        private static DateTimeOffset? Moment(string? text, TimeProvider time)
        {
            if (Number(text) is { } value)
            {
                if (value >= UnixMillisecondsFrom)
                {
                    return value <= LatestUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;
                }

                return value >= UnixSecondsFrom
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)(value * 1000))
                    : time.GetUtcNow().AddTicks((long)(value * TimeSpan.TicksPerSecond));
            }

            return text is not null && DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date
                : null;
        }

        /// <summary>The category as sent, with the API key masked should the service echo it there.</summary>
        private static string? Category(string? text, string apiKey) => ResponseBody.Redact(Leading(text), apiKey);
    }
}
