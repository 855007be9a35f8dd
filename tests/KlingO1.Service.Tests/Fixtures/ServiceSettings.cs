using System.Globalization;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// The command-line settings of the service instances of one test (the contract's configuration keys). Instances
    /// of a fleet share one: one database, one video folder, one key, one simulator.
    /// </summary>
    internal sealed class ServiceSettings
    {
        public required string Storage { get; init; }

        public required string ConnectionString { get; init; }

        public required string VideoDirectory { get; init; }

        public required Uri SimulatorAddress { get; init; }

        public required string SimulatorApiKey { get; init; }

        /// <summary>Gets the key callers send in <c>X-Api-Key</c>.</summary>
        public string ServiceApiKey { get; init; } = "service-key-" + Guid.NewGuid().ToString("N");

        public string? WebhookSecret { get; init; }

        public Uri? CallbackUrl { get; init; }

        /// <summary>Gets further <c>key=value</c> settings for this test (leases, rate limits, workers...).</summary>
        public Dictionary<string, string> Extra { get; } = new();

        /// <summary>Gets the scene that collects the instances' logs for a failure report.</summary>
        internal ServiceScene? Scene { get; init; }

        public IEnumerable<string> ToArguments(string instanceName)
        {
            var settings = new Dictionary<string, string>
            {
                ["Service:ApiKey"] = ServiceApiKey,
                ["Service:InstanceName"] = instanceName,
                ["Jobs:Storage"] = Storage,
                ["ConnectionStrings:Jobs"] = ConnectionString,
                ["Jobs:VideoDirectory"] = VideoDirectory,
                ["KlingO1:ApiKey"] = SimulatorApiKey,
                ["KlingO1:BaseAddress"] = SimulatorAddress.AbsoluteUri,

                // The simulator runs tasks in seconds: poll at that pace, not the real service's (a first read after 5 s).
                ["KlingO1:Polling:InitialDelay"] = "00:00:00.500",
                ["KlingO1:Polling:MaxInterval"] = "00:00:01",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
            };
            if (WebhookSecret is not null)
            {
                settings["Webhook:Secret"] = WebhookSecret;
            }

            if (CallbackUrl is not null)
            {
                settings["Webhook:CallbackUrl"] = CallbackUrl.AbsoluteUri;
            }

            foreach (var (key, value) in Extra)
            {
                settings[key] = value;
            }

            return settings.Select(setting => string.Create(CultureInfo.InvariantCulture, $"--{setting.Key}={setting.Value}"));
        }
    }
}
