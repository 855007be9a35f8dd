using System;

namespace KlingO1
{
    /// <summary>
    /// How a wait polls a task: intervals between <see cref="InitialDelay"/> and <see cref="MaxInterval"/>, chosen by
    /// <see cref="Strategy"/>, until the task ends or <see cref="Timeout"/> passes.
    /// </summary>
    /// <remarks>The defaults follow the service's advice: reads at least 5 s apart, and at most 15 s apart.</remarks>
    public sealed class KlingPollingOptions
    {
        /// <summary>Gets or sets the shortest interval between two reads of a task.</summary>
        /// <value>5 seconds.</value>
        public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Gets or sets the longest interval between two reads of a task near its estimated end, or while nothing can be
        /// estimated; with <see cref="PollingStrategy.ProgressAware"/>, reads of a task whose estimated end is far are up to
        /// four times this apart (60 s by default).
        /// </summary>
        /// <value>15 seconds.</value>
        public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Gets or sets how long one wait may take in all before it throws <see cref="VideoTaskTimeoutException"/>;
        /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits until the task ends or the wait is cancelled.
        /// </summary>
        /// <value>10 minutes.</value>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>Gets or sets how the interval before each read is chosen.</summary>
        /// <value><see cref="PollingStrategy.ProgressAware"/>.</value>
        public PollingStrategy Strategy { get; set; } = PollingStrategy.ProgressAware;

        /// <summary>
        /// Gets or sets the most status reads per second that all waits of one client send together, spaced evenly. When
        /// more reads are due than the rate allows, the read most likely to find its task ended goes first (one whose
        /// estimated end has passed, then one with nothing to estimate from, then one whose end is still ahead), with
        /// bounds so that none starves. Keep it below your key's limit (50/s on the default tier).
        /// </summary>
        /// <remarks>
        /// The client also reads less when the service says so, never more than this: a status-read answer whose
        /// <c>X-RateLimit-Limit</c> is lower (a per-minute figure) slows reads to it, and one that says the window is spent
        /// holds every read until its reset.
        /// </remarks>
        /// <value>40.</value>
        public double MaxStatusReadsPerSecond { get; set; } = 40;

        /// <summary>
        /// Gets or sets a value indicating whether waits poll as before issue 17 (the read due longest goes first under the
        /// cap; no estimate from the task's creation time): for the benchmarks, which measure the change against it.
        /// </summary>
        internal bool UsesLongestDueScheduling { get; set; }

        internal KlingPollingOptions Clone() => new()
        {
            UsesLongestDueScheduling = UsesLongestDueScheduling,
            InitialDelay = InitialDelay,
            MaxInterval = MaxInterval,
            Timeout = Timeout,
            Strategy = Strategy,
            MaxStatusReadsPerSecond = MaxStatusReadsPerSecond,
        };
    }
}
