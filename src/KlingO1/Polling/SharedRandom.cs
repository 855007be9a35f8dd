using System;

namespace KlingO1.Polling
{
    /// <summary>The process-wide source of jitter: thread-safe on every target.</summary>
    internal static class SharedRandom
    {
#if NET
        public static double NextUnit() => Random.Shared.NextDouble();
#else
        private static readonly Random Source = new();

        public static double NextUnit()
        {
            lock (Source)
            {
                return Source.NextDouble();
            }
        }
#endif
    }
}
