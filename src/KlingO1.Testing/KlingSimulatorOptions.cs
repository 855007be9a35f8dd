using System;

namespace KlingO1.Testing
{
    /// <summary>Settings of a <see cref="KlingSimulator"/>.</summary>
    public sealed class KlingSimulatorOptions
    {
        /// <summary>Gets or sets the API key the simulator accepts; any other key is answered with HTTP 401.</summary>
        /// <value><c>sim_test_key</c>.</value>
        public string ApiKey { get; set; } = "sim_test_key";

        /// <summary>
        /// Gets or sets how fast tasks run compared with the real service: 1 is real time (a standard 5-second
        /// clip takes about 70 s), 0.05 is twenty times faster.
        /// </summary>
        /// <value>1.</value>
        public double SpeedFactor { get; set; } = 1.0;

        /// <summary>Gets or sets the clock tasks age by; pass a fake one to advance time in tests instead of waiting.</summary>
        /// <value><see cref="TimeProvider.System"/>.</value>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Gets or sets the loopback port to listen on; 0 picks a free one.</summary>
        /// <value>0.</value>
        public int Port { get; set; }

        /// <summary>
        /// Gets or sets the request limits to enforce, for example <see cref="SimulatorRateLimits.DefaultTier"/>;
        /// <see langword="null"/> enforces none.
        /// </summary>
        /// <value><see langword="null"/>: tests are not limited unless they ask to be.</value>
        public SimulatorRateLimits? RateLimits { get; set; }

        /// <summary>
        /// Gets or sets a marker that makes a task fail with a content-policy error when its prompt contains it.
        /// </summary>
        /// <value><c>[fail]</c>.</value>
        public string FailurePromptMarker { get; set; } = "[fail]";
    }
}
