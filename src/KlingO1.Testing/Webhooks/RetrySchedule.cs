using System;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>The service's redelivery schedule: after a failed attempt, 10 s, 30 s, 2 min, 10 min, 1 h, 6 h, 24 h, then no more.</summary>
    internal static class RetrySchedule
    {
        private static readonly TimeSpan[] ServiceDelays =
        {
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(10),
            TimeSpan.FromHours(1),
            TimeSpan.FromHours(6),
            TimeSpan.FromHours(24),
        };

        /// <summary>Gets the number of the last attempt: the first and its seven retries.</summary>
        public static int LastAttempt => ServiceDelays.Length + 1;

        /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), divided by the time scale; null after the last.</summary>
        public static TimeSpan? After(int attempt, double timeScale)
            => attempt >= 1 && attempt < LastAttempt ? TimeSpan.FromTicks((long)(ServiceDelays[attempt - 1].Ticks / timeScale)) : null;
    }
}
