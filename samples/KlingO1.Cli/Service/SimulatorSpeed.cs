using KlingO1.Testing;

namespace KlingO1.Cli.Service
{
    /// <summary>How fast the CLI's simulators run: the one place where "times faster than the service" meets the simulator's option.</summary>
    internal static class SimulatorSpeed
    {
        /// <summary>The CLI's simulators run twenty times faster than the service unless told otherwise.</summary>
        public const double DefaultTimeScale = 20;

        /// <summary>The fastest a `kling simulate` may run: a four-minute pro clip then takes a quarter of a second.</summary>
        public const double MaxTimeScale = 1000;

        /// <summary>The slowest: a thousand times slower than the service (the simulator's own limit).</summary>
        public const double MinTimeScale = 0.001;

        /// <summary>Returns settings for a simulator running <paramref name="timeScale"/> times faster than the service.</summary>
        public static KlingSimulatorOptions Options(double timeScale) => new() { TimeScale = timeScale };
    }
}
