using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using KlingO1.Engine;
using KlingO1.Polling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KlingO1.DependencyInjection
{
    /// <summary>
    /// The container's engines, one per client name, made on first use and disposed with the container (which ends their
    /// waits). Every <see cref="IKlingVideoClient"/> the container hands out is a front over one of them.
    /// </summary>
    internal sealed class KlingVideoEngines : IDisposable
    {
        private readonly ConcurrentDictionary<string, Lazy<KlingVideoEngine>> _engines = new(StringComparer.Ordinal);
        private readonly IOptionsMonitor<KlingVideoClientOptions> _options;
        private readonly IHttpClientFactory _httpClients;
        private readonly TimeProvider? _time;
        private readonly ILoggerFactory? _loggers;
        private int _disposed;

        public KlingVideoEngines(IOptionsMonitor<KlingVideoClientOptions> options, IHttpClientFactory httpClients, IServiceProvider services)
        {
            _options = options;
            _httpClients = httpClients;
            _time = services.GetService(typeof(TimeProvider)) as TimeProvider;
            _loggers = services.GetService(typeof(ILoggerFactory)) as ILoggerFactory;
        }

        /// <summary>Gets a front over the engine of <paramref name="name"/>.</summary>
        /// <exception cref="OptionsValidationException">The options of that name are unusable.</exception>
        /// <exception cref="ArgumentException">The HTTP client of that name would cut requests short.</exception>
        public IKlingVideoClient Front(string name) => new KlingVideoClient(Get(name), ownsEngine: false);

        /// <summary>Gets the engine of <paramref name="name"/>, making it on first use.</summary>
        /// <exception cref="ObjectDisposedException">The container was disposed.</exception>
        public KlingVideoEngine Get(string name)
        {
            ThrowIfDisposed();
            var lazy = _engines.GetOrAdd(name, n => new Lazy<KlingVideoEngine>(() => Create(n)));
            KlingVideoEngine engine;
            try
            {
                engine = lazy.Value;
            }
            catch
            {
                // A failed creation (unusable options) is not cached: the next resolution reports it again. Only this
                // entry is removed, never one another thread made meanwhile.
                ((ICollection<KeyValuePair<string, Lazy<KlingVideoEngine>>>)_engines).Remove(new KeyValuePair<string, Lazy<KlingVideoEngine>>(name, lazy));
                throw;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                // Made while the container was being disposed: end it here, as Dispose may have missed it.
                engine.Dispose();
                ThrowIfDisposed();
            }

            return engine;
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, 1);
            foreach (var engine in _engines.Values)
            {
                if (engine.IsValueCreated)
                {
                    engine.Value.Dispose();
                }
            }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(KlingVideoEngines), "The service provider that holds the Kling clients was disposed.");
            }
        }

        private KlingVideoEngine Create(string name)
        {
            var options = _options.Get(name);
            var httpClientName = KlingRegistrations.HttpClientNameFor(name);
            var settings = options.ToEngineSettings();
            KlingVideoEngine.ThrowIfTimeoutTooShort(_httpClients.CreateClient(httpClientName), settings.Timeouts);
            var loggers = options.LoggerFactory ?? _loggers;
            return new KlingVideoEngine(
                () => _httpClients.CreateClient(httpClientName),
                settings,
                options.TimeProvider ?? _time ?? TimeProvider.System,
                loggers?.CreateLogger<KlingVideoClient>() ?? (ILogger)NullLogger.Instance,
                SharedRandom.NextUnit,
                guarded: true);
        }
    }
}
