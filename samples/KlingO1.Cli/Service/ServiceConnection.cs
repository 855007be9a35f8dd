using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Testing;

namespace KlingO1.Cli.Service
{
    /// <summary>
    /// A client for ToAPIs (or the service at <c>--base-url</c>, such as a running <c>kling simulate</c>) when an API key
    /// is given, or for an in-process simulator when none is, so the command always runs. Owns what it created.
    /// </summary>
    internal sealed class ServiceConnection : IAsyncDisposable
    {
        public const string ApiKeyVariable = "TOAPIS_API_KEY";
        public const string BaseUrlVariable = "TOAPIS_BASE_URL";

        /// <summary>How a journal names the in-process simulator (its address changes from run to run).</summary>
        public const string BuiltInSimulator = "the built-in simulator";

        // A `kling simulate` elsewhere runs much faster than the service (20 times by default), so it is polled more
        // often; the built-in simulator hands out its own polling pace.
        private static readonly KlingPollingOptions SimulatorPolling = new() { InitialDelay = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromSeconds(1) };

        private readonly KlingSimulator? _simulator;

        private ServiceConnection(KlingVideoClient client, KlingSimulator? simulator, string identity, StatusReadNotices notices)
        {
            Client = client;
            _simulator = simulator;
            Identity = identity;
            Notices = notices;
        }

        public KlingVideoClient Client { get; }

        /// <summary>Gets whether this is the in-process simulator, whose tasks end with the command.</summary>
        public bool IsSimulated => _simulator is not null;

        /// <summary>Gets which service this is: its address, or <see cref="BuiltInSimulator"/>.</summary>
        public string Identity { get; }

        /// <summary>Gets the notices of status reads that failed and are retried.</summary>
        public StatusReadNotices Notices { get; }

        /// <summary>Returns which service <see cref="OpenAsync"/> would connect to, without connecting.</summary>
        /// <exception cref="CliUsageException">An unreadable base URL.</exception>
        public static string IdentityOf(string? apiKey, string? baseUrl)
        {
            apiKey ??= Environment.GetEnvironmentVariable(ApiKeyVariable);
            var baseAddress = BaseAddress(baseUrl ?? Environment.GetEnvironmentVariable(BaseUrlVariable));
            return string.IsNullOrWhiteSpace(apiKey) && baseAddress is null
                ? BuiltInSimulator
                : (baseAddress ?? KlingVideoClientOptions.DefaultBaseAddress).AbsoluteUri;
        }

        /// <exception cref="CliUsageException">No key and no simulator allowed, a base URL without a key, or an unreadable base URL.</exception>
        public static async Task<ServiceConnection> OpenAsync(
            string? apiKey, string? baseUrl, bool allowSimulator, TextWriter log, TimeProvider time, CancellationToken cancellationToken, RequestShape shape = RequestShape.Auto)
        {
            apiKey ??= Environment.GetEnvironmentVariable(ApiKeyVariable);
            var baseAddress = BaseAddress(baseUrl ?? Environment.GetEnvironmentVariable(BaseUrlVariable));
            var notices = new StatusReadNotices();
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                var options = Options(apiKey, shape, time, notices);
                if (baseAddress is not null)
                {
                    options.BaseAddress = baseAddress;

                    // Only a local service on loopback (a `kling simulate`, a test server) answers that fast.
                    if (baseAddress.IsLoopback)
                    {
                        options.Polling = SimulatorPolling;
                    }
                }

                return new ServiceConnection(new KlingVideoClient(options), simulator: null, options.BaseAddress.AbsoluteUri, notices);
            }

            if (baseAddress is not null)
            {
                throw new CliUsageException($"The service at {baseAddress} needs an API key: pass --api-key (for a `kling simulate`, the key it printed) or set {ApiKeyVariable}.");
            }

            if (!allowSimulator)
            {
                throw new CliUsageException($"This command needs {ApiKeyVariable} (or --api-key): a simulated task lives only within one `kling generate` (or run `kling simulate` and pass --base-url).");
            }

            var simulatorOptions = SimulatorSpeed.Options(SimulatorSpeed.DefaultTimeScale);
            simulatorOptions.TimeProvider = time;
            var simulator = await KlingSimulator.StartAsync(simulatorOptions, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"No {ApiKeyVariable} set: running on the built-in offline simulator at {simulator.BaseAddress} (nothing is billed; the video is a sample clip).").ConfigureAwait(false);
            var simulated = simulator.CreateClientOptions();
            simulated.RequestShape = shape;
            simulated.GenerateClientBusinessIds = true;
            simulated.LoggerFactory = notices;
            return new ServiceConnection(new KlingVideoClient(simulated), simulator, BuiltInSimulator, notices);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (_simulator is not null)
            {
                await _simulator.DisposeAsync().ConfigureAwait(false);
            }
        }

        private static KlingVideoClientOptions Options(string apiKey, RequestShape shape, TimeProvider time, StatusReadNotices notices) => new()
        {
            ApiKey = apiKey,
            RequestShape = shape,
            TimeProvider = time,
            LoggerFactory = notices,

            // A submit whose answer is lost is then found by its business id instead of being a billed mystery.
            GenerateClientBusinessIds = true,
        };

        /// <summary>Reads a base URL (a trailing slash added, as the SDK builds paths below it); the SDK checks the rest.</summary>
        private static Uri? BaseAddress(string? url)
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                return null;
            }

            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliUsageException($"Unknown base URL \"{url}\": use an http(s) address such as https://toapis.com/ or http://127.0.0.1:PORT/ of a `kling simulate`.");
            }

            return address.AbsolutePath.EndsWith('/') ? address : new Uri(address.GetLeftPart(UriPartial.Path) + "/" + address.Query);
        }
    }
}
