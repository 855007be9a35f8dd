namespace KlingO1.Testing
{
    /// <summary>
    /// Per-key request limits, counted separately for submits and status reads as the service does: a per-minute
    /// limit and a burst limit per 10 seconds. Every limited answer carries <c>X-RateLimit-Limit</c>, <c>-Remaining</c>,
    /// <c>-Reset</c> (Unix seconds) and <c>-Category</c>; beyond either limit, the simulator answers HTTP 429 with
    /// <c>Retry-After</c> too, and the refused request uses no allowance.
    /// </summary>
    public sealed class SimulatorRateLimits
    {
        /// <summary>Gets the default tier (the page's <c>default</c>): 300 submits and 3,000 status reads a minute (bursts of 50 and 500 in 10 s).</summary>
        public static SimulatorRateLimits DefaultTier { get; } = new(300, 50, 3_000, 500);

        /// <summary>Gets the second tier (the page's <c>vip</c>): 1,000 submits and 10,000 status reads a minute (bursts of 167 and 1,667).</summary>
        public static SimulatorRateLimits SecondTier { get; } = new(1_000, 167, 10_000, 1_667);

        /// <summary>Gets the third tier (the page's <c>svip</c>): 2,000 submits and 30,000 status reads a minute (bursts of 334 and 5,000).</summary>
        public static SimulatorRateLimits ThirdTier { get; } = new(2_000, 334, 30_000, 5_000);

        /// <summary>Creates limits.</summary>
        /// <param name="submitsPerMinute">Submits allowed in a minute.</param>
        /// <param name="submitBurstPer10Seconds">Submits allowed in 10 seconds.</param>
        /// <param name="readsPerMinute">Status reads allowed in a minute.</param>
        /// <param name="readBurstPer10Seconds">Status reads allowed in 10 seconds.</param>
        public SimulatorRateLimits(int submitsPerMinute, int submitBurstPer10Seconds, int readsPerMinute, int readBurstPer10Seconds)
        {
            SubmitsPerMinute = submitsPerMinute;
            SubmitBurstPer10Seconds = submitBurstPer10Seconds;
            ReadsPerMinute = readsPerMinute;
            ReadBurstPer10Seconds = readBurstPer10Seconds;
        }

        /// <summary>Gets the submits allowed in a minute.</summary>
        public int SubmitsPerMinute { get; }

        /// <summary>Gets the submits allowed in 10 seconds.</summary>
        public int SubmitBurstPer10Seconds { get; }

        /// <summary>Gets the status reads allowed in a minute.</summary>
        public int ReadsPerMinute { get; }

        /// <summary>Gets the status reads allowed in 10 seconds.</summary>
        public int ReadBurstPer10Seconds { get; }
    }
}
