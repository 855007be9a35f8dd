using KlingO1.Testing;

namespace KlingO1.Service.Tests.Fleet
{
    /// <summary>What the simulator saw of the fleet: its requests are the account's, whichever instance sent them.</summary>
    internal static class SimulatorFigures
    {
        private const string Generations = "/v1/videos/generations";

        /// <summary>Submit requests the simulator accepted (each created a task).</summary>
        public static int AcceptedSubmits(KlingSimulator simulator)
            => simulator.Requests.Count(r => IsSubmit(r) && r.StatusCode is >= 200 and <= 299);

        /// <summary>Requests of a kind the simulator refused with 429 (over the account's limit).</summary>
        public static int RateLimited(KlingSimulator simulator, bool reads)
            => simulator.Requests.Count(r => (reads ? IsStatusRead(r) : IsSubmit(r)) && r.StatusCode == 429);

        /// <summary>
        /// The most status reads that arrived within one wall-clock second (Unix second), answered or refused alike: the
        /// combined rate of every instance, as the account's limit counts it.
        /// </summary>
        public static (int Max, long Second) MostStatusReadsInASecond(KlingSimulator simulator)
        {
            var busiest = (Max: 0, Second: 0L);
            foreach (var second in simulator.Requests.Where(IsStatusRead).GroupBy(r => r.At.ToUnixTimeSeconds()))
            {
                var reads = second.Count();
                if (reads > busiest.Max)
                {
                    busiest = (reads, second.Key);
                }
            }

            return busiest;
        }

        /// <summary>Status reads in each wall-clock second from the first read to the last (for the report: where the peaks are).</summary>
        public static IReadOnlyList<int> StatusReadsPerSecond(KlingSimulator simulator)
        {
            var seconds = simulator.Requests.Where(IsStatusRead).Select(r => r.At.ToUnixTimeSeconds()).ToList();
            if (seconds.Count == 0)
            {
                return Array.Empty<int>();
            }

            var first = seconds.Min();
            var counts = new int[seconds.Max() - first + 1];
            foreach (var second in seconds)
            {
                counts[second - first]++;
            }

            return counts;
        }

        /// <summary>The account's status-read cap per second (the default tier: 3,000 a minute, 500 in 10 s, so 50).</summary>
        public static int ReadCapPerSecond(SimulatorRateLimits limits)
            => Math.Min(limits.ReadsPerMinute / 60, limits.ReadBurstPer10Seconds / 10);

        private static bool IsSubmit(ReceivedRequest request) => request.Method == "POST" && request.Path == Generations;

        private static bool IsStatusRead(ReceivedRequest request)
            => request.Method == "GET" && request.Path.StartsWith(Generations + "/", StringComparison.Ordinal);
    }
}
