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
        /// Gets or sets the account's starting balance in US dollars, as <c>GET /v1/balance</c> reports it. Each
        /// accepted submit spends $0.078 a second of clip in <c>std</c> and $0.104 in <c>pro</c> (the documented $0.39
        /// to $1.04 a clip); a submit the remaining balance cannot pay for is answered with HTTP 402
        /// <c>insufficient_quota</c> and creates no task.
        /// </summary>
        /// <value><see langword="null"/>: an unlimited quota, so tests are never refused unless they ask to be.</value>
        public decimal? StartingBalance { get; set; }

        /// <summary>
        /// Gets or sets the credits a dollar buys, the <c>credits_per_usd</c> the balance endpoints report (the service's
        /// figure is not documented).
        /// </summary>
        /// <value>100.</value>
        public decimal CreditsPerUsd { get; set; } = 100m;

        /// <summary>
        /// Gets or sets a marker that makes a task fail with a content-policy error when its prompt contains it.
        /// </summary>
        /// <value><c>[fail]</c>.</value>
        public string FailurePromptMarker { get; set; } = "[fail]";
    }
}
