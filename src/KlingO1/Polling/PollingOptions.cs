using System;

namespace KlingO1
{
    /// <summary>
    /// How a wait polls a task: a first read after <see cref="InitialDelay"/>, then intervals that grow
    /// exponentially (with jitter) up to <see cref="MaxInterval"/>, until the task ends or <see cref="Timeout"/> passes.
    /// </summary>
    /// <remarks>The defaults follow the service's advice: first check after about 5 s, then every 10–15 s.</remarks>
    public sealed class PollingOptions
    {
        /// <summary>Gets or sets the delay before the first re-read of a task, and the shortest interval.</summary>
        /// <value>5 seconds.</value>
        public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Gets or sets the longest interval between two reads of a task.</summary>
        /// <value>15 seconds.</value>
        public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>
        /// Gets or sets how long one wait may take in all before it throws <see cref="VideoTaskTimeoutException"/>;
        /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits until the task ends or the wait is cancelled.
        /// </summary>
        /// <value>10 minutes.</value>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        internal PollingOptions Clone() => new() { InitialDelay = InitialDelay, MaxInterval = MaxInterval, Timeout = Timeout };
    }
}
