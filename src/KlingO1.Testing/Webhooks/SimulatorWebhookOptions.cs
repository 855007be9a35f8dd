using System;
using System.Collections.Generic;
using System.Net.Http;

namespace KlingO1.Testing
{
    /// <summary>
    /// The webhook configuration of the simulator's API key, as the ToAPIs console holds it: where final task events go,
    /// and the secret they are signed with. Read once, when the simulator starts.
    /// </summary>
    /// <remarks>
    /// Unlike the service, which only delivers to public https endpoints, the simulator accepts <c>http</c> and loopback
    /// addresses: it runs beside the receiver under test, usually on <c>http://127.0.0.1</c>.
    /// </remarks>
    public sealed class SimulatorWebhookOptions
    {
        /// <summary>Creates a configuration.</summary>
        /// <param name="url">The receiver's absolute http or https URL (the console's default URL).</param>
        /// <param name="secret">The signing secret (the console's Token secret).</param>
        /// <exception cref="ArgumentNullException"><paramref name="url"/> or <paramref name="secret"/> is null.</exception>
        public SimulatorWebhookOptions(Uri url, string secret)
        {
            Url = url ?? throw new ArgumentNullException(nameof(url));
            Secret = secret ?? throw new ArgumentNullException(nameof(secret));
        }

        /// <summary>
        /// Gets the URL events are posted to. A submit's <c>callback_url</c> may replace its path and query, but must keep
        /// its scheme, host and port.
        /// </summary>
        public Uri Url { get; }

        /// <summary>Gets the secret every delivery is signed with.</summary>
        public string Secret { get; }

        /// <summary>
        /// Gets or sets a secret being rotated out: as after a rotation in the console, deliveries carry a second
        /// signature made with it for 24 hours (divided by <see cref="KlingSimulatorOptions.TimeScale"/>) from the start.
        /// </summary>
        /// <value><see langword="null"/>: one signature.</value>
        public string? PreviousSecret { get; set; }

        /// <summary>
        /// Gets or sets a handler to deliver through instead of a socket, for example an in-memory test server's. The
        /// simulator does not dispose it. Without one, deliveries go over HTTP directly (no proxy) and redirects are
        /// not followed, as the service's are not.
        /// </summary>
        /// <value><see langword="null"/>: the simulator's own connection.</value>
        public HttpMessageHandler? Handler { get; set; }

        /// <summary>
        /// Gets or sets how long a delivery may wait for the receiver's answer before it counts as failed and is retried.
        /// Measured by the simulator's clock but not divided by its time scale, since it measures the receiver, which
        /// answers at its own pace. On a fake clock it passes only when the test advances the clock: wait for a
        /// delivery's entry in <see cref="SimulatorWebhooks.Deliveries"/> before advancing past it.
        /// </summary>
        /// <value>10 seconds, the service's timeout.</value>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Adds to <paramref name="problems"/> each unusable setting.</summary>
        internal void Validate(List<string> problems)
        {
            if (Url is not { IsAbsoluteUri: true } || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"Webhook.Url must be an absolute http or https URL, not '{Url}'");
            }
            else if (Url.UserInfo.Length > 0 || Url.Fragment.Length > 0)
            {
                // As on the service: credentials do not belong in a URL, and a fragment never reaches the server.
                problems.Add("Webhook.Url must not carry a user name, a password or a fragment");
            }

            if (string.IsNullOrWhiteSpace(Secret))
            {
                problems.Add("Webhook.Secret must not be empty");
            }

            if (PreviousSecret is { } previous && string.IsNullOrWhiteSpace(previous))
            {
                problems.Add("Webhook.PreviousSecret must be null or a secret, not blank");
            }

            if (!(Timeout > TimeSpan.Zero && Timeout <= TimeSpan.FromDays(1)))
            {
                problems.Add($"Webhook.Timeout must be above zero and at most a day, not {Timeout}");
            }
        }

        /// <summary>Returns a copy, for a simulator to keep as it was checked.</summary>
        internal SimulatorWebhookOptions Snapshot() => (SimulatorWebhookOptions)MemberwiseClone();
    }
}
