using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Fixed-window counters on the simulator's clock for one category (submits or status reads): a 60-second window
    /// for the per-minute limit and a 10-second one for bursts. A refused request counts against neither, as the
    /// rate-limit page says ("requests rejected with 429 do not consume allowance").
    /// </summary>
    internal sealed class RateLimiter
    {
        private readonly string _category;
        private readonly Window _minute;
        private readonly Window _burst;
        private readonly object _gate = new();

        public RateLimiter(string category, int perMinute, int perTenSeconds)
        {
            _category = category;
            _minute = new Window(TimeSpan.FromMinutes(1), perMinute);
            _burst = new Window(TimeSpan.FromSeconds(10), perTenSeconds);
        }

        /// <summary>Gets the per-minute limit, the figure <c>X-RateLimit-Limit</c> carries.</summary>
        public int Limit => _minute.Limit;

        /// <summary>Counts the request and sends the rate-limit headers; when a limit is exceeded, answers 429 and returns false.</summary>
        public async Task<bool> AdmitAsync(HttpContext context, DateTimeOffset now)
        {
            TimeSpan wait;
            RateLimitStanding standing;
            lock (_gate)
            {
                _minute.Roll(now);
                _burst.Roll(now);
                wait = Max(_minute.WaitFrom(now), _burst.WaitFrom(now));
                if (wait <= TimeSpan.Zero)
                {
                    _minute.Count();
                    _burst.Count();
                }

                standing = Standing();
            }

            if (wait > TimeSpan.Zero)
            {
                await ServiceErrors.RateLimitedAsync(context, standing, wait).ConfigureAwait(false);
                return false;
            }

            standing.WriteTo(context.Response);
            return true;
        }

        private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

        // What may be sent now is the lesser of the two windows' room; it grows when the window(s) holding it back end.
        private RateLimitStanding Standing()
        {
            var remaining = Math.Min(_minute.Remaining, _burst.Remaining);
            var resetAt = _minute.Remaining == remaining ? _minute.EndsAt : DateTimeOffset.MinValue;
            if (_burst.Remaining == remaining && _burst.EndsAt > resetAt)
            {
                resetAt = _burst.EndsAt;
            }

            return new RateLimitStanding(_category, Limit, remaining, resetAt);
        }

        private sealed class Window
        {
            private readonly TimeSpan _length;
            private long _index = long.MinValue;
            private int _count;

            public Window(TimeSpan length, int limit)
            {
                _length = length;
                Limit = limit;
            }

            public int Limit { get; }

            public int Remaining => Math.Max(0, Limit - _count);

            public DateTimeOffset EndsAt => new((_index + 1) * _length.Ticks, TimeSpan.Zero);

            /// <summary>Starts a new window when <paramref name="now"/> is past the current one.</summary>
            public void Roll(DateTimeOffset now)
            {
                var index = now.UtcTicks / _length.Ticks;
                if (index != _index)
                {
                    _index = index;
                    _count = 0;
                }
            }

            /// <summary>Returns how long until the window resets when it is full, or zero when it has room.</summary>
            public TimeSpan WaitFrom(DateTimeOffset now) => Remaining > 0 ? TimeSpan.Zero : EndsAt - now;

            public void Count() => _count++;
        }
    }
}
