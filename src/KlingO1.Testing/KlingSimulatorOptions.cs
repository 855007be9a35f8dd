using System;
using System.Collections.Generic;

namespace KlingO1.Testing
{
    /// <summary>
    /// Settings of a <see cref="KlingSimulator"/>, read when it is created: changing them afterwards changes only the
    /// simulators created after that (one instance can serve several).
    /// </summary>
    public sealed class KlingSimulatorOptions
    {
        /// <summary>Gets or sets the API key the simulator accepts; any other key is answered with HTTP 401.</summary>
        /// <value><c>sim_test_key</c>.</value>
        public string ApiKey { get; set; } = "sim_test_key";

        /// <summary>
        /// Gets or sets how many times faster than the real service tasks run: 1 is real time (a standard 5-second clip
        /// takes about 70 s), 20 is twenty times faster (about 3.5 s), 0.5 half as fast. From 0.001 to 1,000,000.
        /// </summary>
        /// <remarks>
        /// A client polls at the service's pace (a first read after 5 s) unless told otherwise: build it from
        /// <see cref="KlingSimulator.CreateClientOptions"/> to poll at this scale too. The service's webhook timings
        /// (the retry waits of 10 s to 24 h, the 24-hour overlap after a secret rotation) are divided by it as well;
        /// the delivery timeout is not, since it measures the receiver, which answers at its own pace.
        /// </remarks>
        /// <value>1.</value>
        public double TimeScale { get; set; } = 1.0;

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

        /// <summary>
        /// Gets or sets the API key's webhook configuration (URL and secret): with it, each task's final event is posted,
        /// signed, when the task ends (see <see cref="KlingSimulator.Webhooks"/>). Unlike the service, http and loopback
        /// URLs are accepted.
        /// </summary>
        /// <value>
        /// <see langword="null"/>: webhooks are off, and a submit that sends <c>callback_url</c> is answered, as by the
        /// service, with HTTP 400 <c>webhook_not_configured</c>.
        /// </value>
        public SimulatorWebhookOptions? Webhook { get; set; }

        /// <summary>Returns a copy of every setting, for a simulator to keep as it was checked.</summary>
        internal KlingSimulatorOptions Snapshot()
        {
            var copy = (KlingSimulatorOptions)MemberwiseClone();
            copy.Webhook = Webhook?.Snapshot();
            return copy;
        }

        /// <summary>Throws <see cref="ArgumentException"/> naming every unusable setting.</summary>
        internal void Validate()
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(ApiKey))
            {
                problems.Add("ApiKey must not be empty");
            }

            // A thousand times slower is already days per task; the upper bound keeps a clip above a microsecond.
            if (!(TimeScale >= 0.001 && TimeScale <= 1_000_000))
            {
                problems.Add($"TimeScale must be from 0.001 to 1,000,000 (times faster than the service), not {TimeScale}");
            }

            if (TimeProvider is null)
            {
                problems.Add("TimeProvider must be set");
            }

            if (Port is < 0 or > 65535)
            {
                problems.Add($"Port must be from 0 to 65535, not {Port}");
            }

            if (StartingBalance < 0)
            {
                problems.Add("StartingBalance must be at least 0 (or null for an unlimited quota)");
            }

            if (CreditsPerUsd <= 0)
            {
                problems.Add("CreditsPerUsd must be above 0");
            }

            if (FailurePromptMarker is null)
            {
                problems.Add("FailurePromptMarker must not be null (an empty one turns failures off)");
            }

            Webhook?.Validate(problems);

            if (problems.Count > 0)
            {
                throw new ArgumentException("Unusable KlingSimulatorOptions: " + string.Join("; ", problems) + ".", "options");
            }
        }
    }
}
