using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace KlingO1
{
    /// <summary>
    /// Settings of a <see cref="KlingVideoClient"/>. Plain properties, so they bind from configuration
    /// (for example an <c>appsettings.json</c> section named <c>KlingO1</c>).
    /// </summary>
    /// <remarks>
    /// The client copies the settings when it is created; changing them afterwards does not affect it.
    /// <see cref="object.ToString"/> never shows the API key.
    /// </remarks>
    public sealed class KlingVideoClientOptions
    {
        /// <summary>The service's address.</summary>
        public static readonly Uri DefaultBaseAddress = new("https://toapis.com/");

        /// <summary>The model the SDK is built for.</summary>
        public const string DefaultModel = "kling-video-o1";

        /// <summary>Gets or sets the ToAPIs API key, sent as a bearer token to <see cref="BaseAddress"/> and nowhere else.</summary>
        /// <value>No default: required.</value>
        public string? ApiKey { get; set; }

        /// <summary>Gets or sets the service's address. Must be https, except a loopback address for local testing.</summary>
        /// <value><c>https://toapis.com/</c>.</value>
        public Uri BaseAddress { get; set; } = DefaultBaseAddress;

        /// <summary>Gets or sets the model to generate with.</summary>
        /// <value><c>kling-video-o1</c>.</value>
        public string Model { get; set; } = DefaultModel;

        /// <summary>
        /// Gets or sets which revision of the generation request body to send: the original <c>image_urls</c> shape, or the
        /// newer Omni shape that can also carry first/end frames, subject elements, a reference video, 3-10 s durations
        /// and audio. Requests the chosen shape cannot carry are refused before anything is sent.
        /// </summary>
        /// <value><see cref="RequestShape.ImageUrls"/>.</value>
        public RequestShape RequestShape { get; set; } = RequestShape.ImageUrls;

        /// <summary>Gets or sets how waits poll a task.</summary>
        /// <value>A first read after 5 s, intervals up to 15 s, giving up after 10 minutes.</value>
        public PollingOptions Polling { get; set; } = new();

        /// <summary>Gets or sets how requests that failed in passing are retried (never a submit that may have been accepted).</summary>
        /// <value>Up to 4 attempts, backoff from 1 s to 30 s with jitter, <c>Retry-After</c> honoured up to 60 s.</value>
        public RetryOptions Retry { get; set; } = new();

        /// <summary>Gets or sets the time limit of one attempt of each operation.</summary>
        /// <value>Status read 20 s, submit 60 s, upload 90 s, download start 60 s.</value>
        public TimeoutOptions Timeouts { get; set; } = new();

        /// <summary>
        /// Gets or sets a value indicating whether the client gives every submit without a
        /// <see cref="VideoGenerationRequest.ClientBusinessId"/> a fresh one, so a task whose submit answer was lost can
        /// be found instead of being created twice.
        /// </summary>
        /// <value><see langword="false"/> until the service's support for the field is confirmed for your account.</value>
        public bool GenerateClientBusinessIds { get; set; }

        /// <summary>
        /// Gets or sets the clock and timers of polling, retries and timeouts for a client made with <c>new</c> (a fake one in
        /// tests). Under dependency injection a <see cref="System.TimeProvider"/> registered in the container is used
        /// when this is not set. Not read from configuration.
        /// </summary>
        /// <value><see langword="null"/>: <see cref="TimeProvider.System"/>.</value>
        public TimeProvider? TimeProvider { get; set; }

        /// <summary>
        /// Gets or sets where a client made with <c>new</c> logs (submits, status changes, retries; never the API key or a
        /// prompt). Under dependency injection the container's <see cref="ILoggerFactory"/> is used when this is not set.
        /// Not read from configuration.
        /// </summary>
        /// <value><see langword="null"/>: no logging.</value>
        public ILoggerFactory? LoggerFactory { get; set; }

        /// <inheritdoc />
        public override string ToString()
            => $"KlingVideoClientOptions {{ BaseAddress = {BaseAddress}, Model = {Model}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set)")} }}";

        /// <summary>Lists every problem with the settings, empty when they are usable.</summary>
        internal IReadOnlyList<string> Problems()
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(ApiKey))
            {
                problems.Add("ApiKey is required: set it to your ToAPIs API key (for example from the TOAPIS_API_KEY environment variable).");
            }
            else if (HasWhiteSpaceOrControl(ApiKey!))
            {
                problems.Add("ApiKey contains white space or control characters; copy the key again without them.");
            }

            if (BaseAddress is null)
            {
                problems.Add("BaseAddress is required.");
            }
            else if (!BaseAddress.IsAbsoluteUri)
            {
                problems.Add($"BaseAddress must be an absolute URL, not \"{BaseAddress}\".");
            }
            else if (BaseAddress.Scheme != Uri.UriSchemeHttps && !(BaseAddress.Scheme == Uri.UriSchemeHttp && BaseAddress.IsLoopback))
            {
                problems.Add($"BaseAddress must use https (plain http only to a loopback address for local testing), not \"{BaseAddress.GetLeftPart(UriPartial.Authority)}\": the API key travels with every request.");
            }

            if (string.IsNullOrWhiteSpace(Model))
            {
                problems.Add("Model is required; the default is \"" + DefaultModel + "\".");
            }

            if (RequestShape is not (RequestShape.ImageUrls or RequestShape.Omni))
            {
                problems.Add($"RequestShape must be ImageUrls or Omni, not {RequestShape}.");
            }

            if (Polling is null)
            {
                problems.Add("Polling is required.");
            }
            else
            {
                if (Polling.InitialDelay <= TimeSpan.Zero)
                {
                    problems.Add($"Polling.InitialDelay must be positive, not {Polling.InitialDelay}.");
                }

                if (Polling.MaxInterval < Polling.InitialDelay)
                {
                    problems.Add($"Polling.MaxInterval ({Polling.MaxInterval}) must be at least Polling.InitialDelay ({Polling.InitialDelay}).");
                }

                if (!(Polling.MaxStatusReadsPerSecond > 0 && Polling.MaxStatusReadsPerSecond <= 100_000))
                {
                    problems.Add($"Polling.MaxStatusReadsPerSecond must be above 0 (and at most 100,000), not {Polling.MaxStatusReadsPerSecond.ToString(CultureInfo.InvariantCulture)}.");
                }

                if (Polling.Timeout <= TimeSpan.Zero && Polling.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
                {
                    problems.Add($"Polling.Timeout must be positive (or Timeout.InfiniteTimeSpan), not {Polling.Timeout}.");
                }
            }

            if (Retry is null)
            {
                problems.Add("Retry is required.");
            }
            else
            {
                if (Retry.MaxAttempts < 1)
                {
                    problems.Add($"Retry.MaxAttempts must be at least 1 (1 turns retries off), not {Retry.MaxAttempts.ToString(CultureInfo.InvariantCulture)}.");
                }

                if (Retry.BaseDelay < TimeSpan.Zero || Retry.MaxDelay < Retry.BaseDelay)
                {
                    problems.Add($"Retry.BaseDelay ({Retry.BaseDelay}) must not be negative and Retry.MaxDelay ({Retry.MaxDelay}) not below it.");
                }

                if (Retry.MaxRetryAfter < TimeSpan.Zero)
                {
                    problems.Add($"Retry.MaxRetryAfter must not be negative, not {Retry.MaxRetryAfter}.");
                }
            }

            if (Timeouts is null)
            {
                problems.Add("Timeouts is required.");
            }
            else
            {
                foreach (var (name, value) in new[] { ("StatusRead", Timeouts.StatusRead), ("Submit", Timeouts.Submit), ("Upload", Timeouts.Upload), ("DownloadStart", Timeouts.DownloadStart) })
                {
                    // Polly's timeout strategy takes from 10 ms to 24 hours.
                    if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
                    {
                        problems.Add($"Timeouts.{name} must be between 10 ms and 24 hours, not {value}.");
                    }
                }
            }

            return problems;
        }

        /// <summary>Throws when the settings are unusable, naming every problem at once.</summary>
        /// <exception cref="ArgumentException">At least one setting is unusable.</exception>
        internal void ThrowIfInvalid()
        {
            var problems = Problems();
            if (problems.Count > 0)
            {
                throw new ArgumentException(
                    "KlingVideoClientOptions are not usable (" + problems.Count.ToString(CultureInfo.InvariantCulture) + "): " + string.Join(" ", problems),
                    "options");
            }
        }

        private static bool HasWhiteSpaceOrControl(string value)
        {
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
