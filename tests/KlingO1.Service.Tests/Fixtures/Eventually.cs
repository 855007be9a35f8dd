using System.Diagnostics;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// Waits for a condition with a deadline, polling: these tests watch real processes, so the wall clock cannot be
    /// avoided, but no test sleeps a fixed time and hopes; each waits for what it needs and gives up generously late.
    /// </summary>
    internal static class Eventually
    {
        private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(200);

        /// <summary>Probes until <paramref name="done"/> accepts the value, and returns it.</summary>
        /// <exception cref="TimeoutException">Not within <paramref name="atMost"/>; the message says what was awaited and the last value.</exception>
        public static async Task<T> UntilAsync<T>(
            string what, Func<Task<T>> probe, Func<T, bool> done, TimeSpan atMost, TimeSpan? every = null, Func<T, string>? describe = null)
        {
            var clock = Stopwatch.StartNew();
            var last = default(T);
            Exception? lastError = null;
            while (true)
            {
                try
                {
                    last = await probe();
                    lastError = null;
                    if (done(last))
                    {
                        return last;
                    }
                }
                catch (HttpRequestException ex)
                {
                    // A process still starting, or one just killed: the probe is tried again until the deadline.
                    lastError = ex;
                }

                if (clock.Elapsed > atMost)
                {
                    var seen = lastError is not null ? "last probe failed: " + lastError.Message
                        : describe is not null && last is not null ? "last seen: " + describe(last)
                        : "last seen: " + last;
                    throw new TimeoutException($"Waited {atMost.TotalSeconds:F0} s for {what}; {seen}");
                }

                await Task.Delay(every ?? DefaultInterval);
            }
        }

        /// <summary>Probes until the condition holds.</summary>
        public static Task UntilAsync(string what, Func<Task<bool>> condition, TimeSpan atMost, TimeSpan? every = null)
            => UntilAsync(what, condition, holds => holds, atMost, every);
    }
}
