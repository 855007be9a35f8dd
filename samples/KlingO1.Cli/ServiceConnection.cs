using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Cli
{
    /// <summary>
    /// A client for ToAPIs when an API key is given, or for an in-process simulator when none is, so the command
    /// always runs. Owns what it created.
    /// </summary>
    internal sealed class ServiceConnection : IAsyncDisposable
    {
        private const double SimulatorTimeScale = 20;
        private readonly KlingSimulator? _simulator;

        private ServiceConnection(KlingVideoClient client, KlingSimulator? simulator)
        {
            Client = client;
            _simulator = simulator;
        }

        public KlingVideoClient Client { get; }

        public bool IsSimulated => _simulator is not null;

        public static async Task<ServiceConnection> OpenAsync(string? apiKey, bool allowSimulator, TextWriter log, CancellationToken cancellationToken, RequestShape shape = RequestShape.Auto)
        {
            apiKey ??= Environment.GetEnvironmentVariable("TOAPIS_API_KEY");
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                return new ServiceConnection(new KlingVideoClient(new KlingVideoClientOptions { ApiKey = apiKey, RequestShape = shape }), simulator: null);
            }

            if (!allowSimulator)
            {
                throw new CliUsageException("This command needs TOAPIS_API_KEY (or --api-key): a simulated task lives only within one `kling generate`.");
            }

            var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = SimulatorTimeScale }, cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync($"No TOAPIS_API_KEY set: running on the built-in offline simulator at {simulator.BaseAddress} (nothing is billed; the video is a sample clip).").ConfigureAwait(false);
            var options = new KlingVideoClientOptions
            {
                ApiKey = simulator.ApiKey,
                BaseAddress = simulator.BaseAddress,
                RequestShape = shape,
                // The simulator runs twenty times faster than the service, so it is polled more often.
                Polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(500), MaxInterval = TimeSpan.FromSeconds(1) },
            };
            return new ServiceConnection(new KlingVideoClient(options), simulator);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (_simulator is not null)
            {
                await _simulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
