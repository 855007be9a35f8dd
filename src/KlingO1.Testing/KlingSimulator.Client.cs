using System;

namespace KlingO1.Testing
{
    /// <summary>Clients that suit a simulator: its address, key and clock, and polling at its time scale.</summary>
    public sealed partial class KlingSimulator
    {
        // The SDK's own polling defaults (the service's advice), divided by the time scale.
        private static readonly TimeSpan ServiceFirstRead = new KlingPollingOptions().InitialDelay;
        private static readonly TimeSpan ServiceLongestInterval = new KlingPollingOptions().MaxInterval;
        private static readonly TimeSpan ServiceWaitLimit = new KlingPollingOptions().Timeout;

        // A wait on a fast simulator still gets at least a minute: a slow machine fails a test on its assertion, not on
        // a timeout a few milliseconds long.
        private static readonly TimeSpan ShortestWaitLimit = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan ShortestInterval = TimeSpan.FromMilliseconds(1);
        private static readonly TimeSpan LongestInterval = TimeSpan.FromHours(1);

        /// <summary>
        /// Creates options for a client of this simulator: its <see cref="BaseAddress"/>, <see cref="ApiKey"/> and clock,
        /// and polling at its <see cref="KlingSimulatorOptions.TimeScale"/> (the first read after 5 s divided by the
        /// scale, reads at most 15 s divided by the scale apart, and a wait limit of 10 minutes divided by the scale but
        /// at least one minute). Change any of them before building the client.
        /// </summary>
        /// <returns>New options; each call returns a fresh instance.</returns>
        /// <example>
        /// <code>
        /// using var client = new KlingVideoClient(simulator.CreateClientOptions());
        /// </code>
        /// </example>
        public KlingVideoClientOptions CreateClientOptions()
        {
            var scale = _state.Options.TimeScale;
            var firstRead = Clamp(Scaled(ServiceFirstRead, scale), ShortestInterval, LongestInterval);
            return new KlingVideoClientOptions
            {
                ApiKey = ApiKey,
                BaseAddress = BaseAddress,
                TimeProvider = _state.Time,
                Polling = new KlingPollingOptions
                {
                    InitialDelay = firstRead,
                    MaxInterval = Clamp(Scaled(ServiceLongestInterval, scale), firstRead, LongestInterval),
                    Timeout = Clamp(Scaled(ServiceWaitLimit, scale), ShortestWaitLimit, TimeSpan.MaxValue),
                },
            };
        }

        /// <summary>
        /// Creates a client of this simulator with <see cref="CreateClientOptions"/>: over loopback for a started
        /// simulator, through <see cref="CreateHandler"/> (no socket) for an in-memory one.
        /// </summary>
        /// <returns>A new client; dispose it before the simulator.</returns>
        public KlingVideoClient CreateClient()
            => _app is null
                ? new KlingVideoClient(CreateHandler(), CreateClientOptions(), disposeHandler: true)
                : new KlingVideoClient(CreateClientOptions());

        private static TimeSpan Scaled(TimeSpan serviceTime, double scale) => TimeSpan.FromTicks((long)(serviceTime.Ticks / scale));

        private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
    }
}
