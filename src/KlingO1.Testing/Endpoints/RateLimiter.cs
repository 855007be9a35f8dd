using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Fixed-window counters on the simulator's clock for one category (submits or status reads): a 60-second window
    /// for the per-minute limit and a 10-second one for bursts.
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

        /// <summary>Counts the request; when a limit is exceeded, answers 429 and returns false.</summary>
        public async Task<bool> AdmitAsync(HttpContext context, DateTimeOffset now)
        {
            TimeSpan wait;
            int limit;
            lock (_gate)
            {
                var minuteWait = _minute.Take(now);
                var burstWait = _burst.Take(now);
                wait = minuteWait > burstWait ? minuteWait : burstWait;
                limit = _minute.Limit;
            }

            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Category"] = _category;
            if (wait <= TimeSpan.Zero)
            {
                return true;
            }

            await ServiceErrors.RateLimitedAsync(context, (int)Math.Ceiling(wait.TotalSeconds), _category).ConfigureAwait(false);
            return false;
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

            /// <summary>Counts one request; returns how long until the window resets when it is over the limit.</summary>
            public TimeSpan Take(DateTimeOffset now)
            {
                var index = now.UtcTicks / _length.Ticks;
                if (index != _index)
                {
                    _index = index;
                    _count = 0;
                }

                if (_count >= Limit)
                {
                    return TimeSpan.FromTicks(((index + 1) * _length.Ticks) - now.UtcTicks);
                }

                _count++;
                return TimeSpan.Zero;
            }
        }
    }
}
