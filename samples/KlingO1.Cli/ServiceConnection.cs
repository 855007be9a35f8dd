using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Cli
{
    /// <summary>
    /// A client for ToAPIs (or the service at <c>--base-url</c>, such as a running <c>kling simulate</c>) when an API key
    /// is given, or for an in-process simulator when none is, so the command always runs. Owns what it created.
    /// </summary>
    internal sealed class ServiceConnection : IAsyncDisposable
    {
        public const string BaseUrlVariable = "TOAPIS_BASE_URL";

        // A `kling simulate` elsewhere runs much faster than the service (20 times by default), so it is polled more
        // often; the built-in simulator hands out its own polling pace.
        private static readonly KlingPollingOptions SimulatorPolling = new() { InitialDelay = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromSeconds(1) };

        private readonly KlingSimulator? _simulator;

        private ServiceConnection(KlingVideoClient client, KlingSimulator? simulator)
        {
            Client = client;
            _simulator = simulator;
        }

        public KlingVideoClient Client { get; }

        public bool IsSimulated => _simulator is not null;

        /// <exception cref="CliUsageException">No key and no simulator allowed, a base URL without a key, or an unreadable base URL.</exception>
        public static async Task<ServiceConnection> OpenAsync(
            string? apiKey, string? baseUrl, bool allowSimulator, TextWriter log, TimeProvider time, CancellationToken cancellationToken, RequestShape shape = RequestShape.Auto)
        {
            apiKey ??= Environment.GetEnvironmentVariable("TOAPIS_API_KEY");
            var baseAddress = BaseAddress(baseUrl ?? Environment.GetEnvironmentVariable(BaseUrlVariable));
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                var options = new KlingVideoClientOptions { ApiKey = apiKey, RequestShape = shape, TimeProvider = time };
                if (baseAddress is not null)
                {
                    options.BaseAddress = baseAddress;

                    // Only a local service on loopback (a `kling simulate`, a test server) answers that fast.
                    if (baseAddress.IsLoopback)
                    {
                        options.Polling = SimulatorPolling;
                    }
                }

                return new ServiceConnection(new KlingVideoClient(options), simulator: null);
            }

            if (baseAddress is not null)
            {
                throw new CliUsageException($"The service at {baseAddress} needs an API key: pass --api-key (for a `kling simulate`, the key it printed) or set TOAPIS_API_KEY.");
            }

            if (!allowSimulator)
            {
                throw new CliUsageException("This command needs TOAPIS_API_KEY (or --api-key): a simulated task lives only within one `kling generate` (or run `kling simulate` and pass --base-url).");
            }

            var simulatorOptions = SimulatorSpeed.Options(SimulatorSpeed.DefaultTimeScale);
            simulatorOptions.TimeProvider = time;
            var simulator = await KlingSimulator.StartAsync(simulatorOptions, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"No TOAPIS_API_KEY set: running on the built-in offline simulator at {simulator.BaseAddress} (nothing is billed; the video is a sample clip).").ConfigureAwait(false);
            var simulated = simulator.CreateClientOptions();
            simulated.RequestShape = shape;
            return new ServiceConnection(new KlingVideoClient(simulated), simulator);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (_simulator is not null)
            {
                await _simulator.DisposeAsync().ConfigureAwait(false);
            }
        }

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
