using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.RateLimiting;
using KlingO1.Engine;
using KlingO1.Transport.Permits;
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

        /// <summary>
        /// Gets or sets the service's address: its root, or a gateway's path prefix in front of it, without <c>/v1</c>. Must
        /// be https, except a loopback address for local testing.
        /// </summary>
        /// <value><c>https://toapis.com/</c>.</value>
        public Uri BaseAddress { get; set; } = DefaultBaseAddress;

        /// <summary>Gets or sets the model to generate with.</summary>
        /// <value><c>kling-video-o1</c>.</value>
        public string Model { get; set; } = DefaultModel;

        /// <summary>
        /// Gets or sets which revision of the generation request body to send: by request (the original <c>image_urls</c>
        /// shape when it can carry the request, the newer Omni shape when the request needs it), or always one of them.
        /// Under <see cref="RequestShape.ImageUrls"/>, requests it cannot carry are refused before anything is sent.
        /// </summary>
        /// <value><see cref="RequestShape.Auto"/>.</value>
        public RequestShape RequestShape { get; set; } = RequestShape.Auto;

        /// <summary>Gets or sets how waits poll a task.</summary>
        /// <value>A first read after 5 s, intervals up to 15 s, giving up after 10 minutes.</value>
        public KlingPollingOptions Polling { get; set; } = new();

        /// <summary>Gets or sets how requests that failed in passing are retried (never a submit that may have been accepted).</summary>
        /// <value>Up to 4 attempts, backoff from 1 s to 30 s with jitter, <c>Retry-After</c> honoured up to 60 s.</value>
        public KlingRetryOptions Retry { get; set; } = new();

        /// <summary>Gets or sets the time limit of one attempt of each operation.</summary>
        /// <value>Status read 20 s, submit 60 s, upload 90 s, download start 60 s, 60 s without a byte of a download.</value>
        public KlingTimeoutOptions Timeouts { get; set; } = new();

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

        /// <summary>
        /// Gets or sets where every status read (a wait's, <see cref="IKlingVideoClient.GetTaskAsync"/>, a look-up by
        /// business id) takes a permit before each attempt is sent, beside this client's own cap
        /// (<see cref="KlingPollingOptions.MaxStatusReadsPerSecond"/>, which always applies). The service limits reads per
        /// API key, so the instances of a fleet that share a key share one limiter: a distributed
        /// <see cref="RateLimiter"/> (a database or cache window) keeps them together under the account's limit. Waits ask
        /// for a permit one at a time, and which due read gets it stays the client's choice (the read most likely to find
        /// its task ended), so the limiter sets how many reads go out, never which. Not disposed by the client; not read
        /// from configuration.
        /// </summary>
        /// <value><see langword="null"/>: the client's own cap alone.</value>
        /// <remarks>
        /// A permit the limiter refuses (its queue full) fails a direct read with
        /// <see cref="KlingRateLimiterRejectedException"/> before anything is sent; a wait tries again after the
        /// refusal's <see cref="MetadataName.RetryAfter"/> (or shortly) and goes on.
        /// </remarks>
        public RateLimiter? StatusReadLimiter { get; set; }

        /// <summary>
        /// Gets or sets where every submit takes a permit before it is sent, so a fleet sharing an API key stays under the
        /// service's submit limit together. A refused permit fails the submit with
        /// <see cref="KlingRateLimiterRejectedException"/>, and nothing was sent (or billed). Not disposed by the client;
        /// not read from configuration.
        /// </summary>
        /// <value><see langword="null"/>: no limit on the client's side (the service answers 429 past its own).</value>
        public RateLimiter? SubmitLimiter { get; set; }

        /// <inheritdoc />
        public override string ToString()
            => $"KlingVideoClientOptions {{ BaseAddress = {BaseAddress}, Model = {Model}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set)")} }}";

        /// <summary>Lists every problem with the settings, empty when they are usable: each option within a sane range, named.</summary>
        internal IReadOnlyList<string> Problems()
        {
            var problems = new List<string>();
            AddApiKeyProblems(problems);
            AddBaseAddressProblems(problems);

            if (string.IsNullOrWhiteSpace(Model))
            {
                problems.Add("Model is required; the default is \"" + DefaultModel + "\".");
            }
            else if (Model.Length > 200 || !IsVisibleAscii(Model))
            {
                problems.Add("Model must be at most 200 visible ASCII characters (no white space); the default is \"" + DefaultModel + "\".");
            }

            if (RequestShape is not (RequestShape.Auto or RequestShape.ImageUrls or RequestShape.Omni))
            {
                problems.Add($"RequestShape must be Auto, ImageUrls or Omni, not {RequestShape}.");
            }

            if (Polling is null)
            {
                problems.Add("Polling is required.");
            }
            else
            {
                InRange(problems, "Polling.InitialDelay", Polling.InitialDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "must be positive");
                if (Polling.MaxInterval < Polling.InitialDelay)
                {
                    problems.Add($"Polling.MaxInterval ({Polling.MaxInterval}) must be at least Polling.InitialDelay ({Polling.InitialDelay}).");
                }
                else
                {
                    InRange(problems, "Polling.MaxInterval", Polling.MaxInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "must be positive");
                }

                if (!(Polling.MaxStatusReadsPerSecond > 0 && Polling.MaxStatusReadsPerSecond <= 100_000))
                {
                    problems.Add($"Polling.MaxStatusReadsPerSecond must be above 0 (and at most 100,000), not {Polling.MaxStatusReadsPerSecond.ToString(CultureInfo.InvariantCulture)}.");
                }

                if (Polling.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
                {
                    InRange(problems, "Polling.Timeout", Polling.Timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(30), "must be positive (or Timeout.InfiniteTimeSpan)");
                }

                if (Polling.Strategy is not (PollingStrategy.ProgressAware or PollingStrategy.ExponentialBackoff))
                {
                    problems.Add($"Polling.Strategy must be ProgressAware or ExponentialBackoff, not {Polling.Strategy}.");
                }
            }

            if (Retry is null)
            {
                problems.Add("Retry is required.");
            }
            else
            {
                if (Retry.MaxAttempts is < 1 or > 10)
                {
                    problems.Add($"Retry.MaxAttempts must be from 1 (retries off) to 10, not {Retry.MaxAttempts.ToString(CultureInfo.InvariantCulture)}.");
                }

                if (Retry.MaxDelay < Retry.BaseDelay)
                {
                    problems.Add($"Retry.MaxDelay ({Retry.MaxDelay}) must not be below Retry.BaseDelay ({Retry.BaseDelay}).");
                }

                InRange(problems, "Retry.BaseDelay", Retry.BaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10), "must not be negative");
                InRange(problems, "Retry.MaxDelay", Retry.MaxDelay, TimeSpan.Zero, TimeSpan.FromHours(1), "must not be negative");
                InRange(problems, "Retry.MaxRetryAfter", Retry.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1), "must not be negative");
            }

            if (Timeouts is null)
            {
                problems.Add("Timeouts is required.");
            }
            else
            {
                foreach (var (name, value) in new[] { ("StatusRead", Timeouts.StatusRead), ("Submit", Timeouts.Submit), ("Upload", Timeouts.Upload), ("DownloadStart", Timeouts.DownloadStart), ("DownloadIdle", Timeouts.DownloadIdle) })
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

        /// <summary>Validates the options and copies what an engine is configured with (later changes reach no engine).</summary>
        /// <exception cref="ArgumentException">The options are unusable; the message names every problem.</exception>
        internal EngineSettings ToEngineSettings()
        {
            ThrowIfInvalid();
            return new EngineSettings(
                BaseAddress, ApiKey!, Model, RequestShape, GenerateClientBusinessIds, Polling.Clone(), Retry.Clone(), Timeouts.Clone(), new RequestPermits(StatusReadLimiter, SubmitLimiter));
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

        private static void InRange(List<string> problems, string name, TimeSpan value, TimeSpan least, TimeSpan most, string lowRule)
        {
            if (value < least)
            {
                problems.Add($"{name} {lowRule}, not {value}.");
            }
            else if (value > most)
            {
                problems.Add($"{name} must be at most {most}, not {value}.");
            }
        }

        /// <summary>
        /// The key travels in an HTTP header: only visible ASCII can. Anything else would fail inside the HTTP stack, where it
        /// could not be told from a failure after the submit left (and reported as a possibly billed task).
        /// </summary>
        private void AddApiKeyProblems(List<string> problems)
        {
            if (string.IsNullOrWhiteSpace(ApiKey))
            {
                problems.Add("ApiKey is required: set it to your ToAPIs API key (for example from the TOAPIS_API_KEY environment variable).");
            }
            else if (HasWhiteSpaceOrControl(ApiKey!))
            {
                problems.Add("ApiKey contains white space or control characters; copy the key again without them.");
            }
            else if (!IsVisibleAscii(ApiKey!))
            {
                problems.Add("ApiKey contains characters other than visible ASCII (a look-alike or accented letter, perhaps); copy the key again from the ToAPIs console.");
            }
            else if (ApiKey!.Length > 4096)
            {
                problems.Add("ApiKey is longer than 4,096 characters: that is not a ToAPIs key.");
            }
        }

        private void AddBaseAddressProblems(List<string> problems)
        {
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
            else if (BaseAddress.UserInfo.Length > 0)
            {
                problems.Add("BaseAddress must not carry a user name or password: the API key is the credential.");
            }
            else if (BaseAddress.Query.Length > 0 || BaseAddress.Fragment.Length > 0)
            {
                problems.Add("BaseAddress must not have a query or fragment: the SDK builds every address from it.");
            }
            else if (("/" + BaseAddress.AbsolutePath.Trim('/') + "/").IndexOf("/v1/", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // A gateway's path prefix (https://gateway/toapis/) works; the API's own version segment would be doubled.
                problems.Add($"BaseAddress must end before /v1 (the SDK adds /v1/videos/...), such as {DefaultBaseAddress}, not \"{BaseAddress.GetLeftPart(UriPartial.Authority)}{BaseAddress.AbsolutePath}\".");
            }
        }

        private static bool IsVisibleAscii(string value)
        {
            foreach (var c in value)
            {
                if (c is < '!' or > '~')
                {
                    return false;
                }
            }

            return true;
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
