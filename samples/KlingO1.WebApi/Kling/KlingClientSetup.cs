using KlingO1.Testing;
using KlingO1.WebApi.Hosting;
using KlingO1.WebApi.RateLimiting;

namespace KlingO1.WebApi.Kling;

/// <summary>
/// The SDK client from the <c>KlingO1</c> section, with the service's rate budget. Without an API key (neither
/// <c>KlingO1:ApiKey</c> nor <c>TOAPIS_API_KEY</c>) it talks to an offline simulator started inside the service, so
/// <c>dotnet run</c> works with no setup and spends nothing.
/// </summary>
internal static class KlingClientSetup
{
    /// <returns>The embedded simulator, or <see langword="null"/> when a real key is configured.</returns>
    public static async Task<KlingSimulator?> AddKlingClientAsync(this WebApplicationBuilder builder, ServiceSettings settings)
    {
        var section = builder.Configuration.GetSection("KlingO1");
        var environmentKey = Environment.GetEnvironmentVariable("TOAPIS_API_KEY");
        var simulator = string.IsNullOrWhiteSpace(section["ApiKey"]) && string.IsNullOrWhiteSpace(environmentKey)
            ? await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = settings.SimulatorTimeScale })
            : null;

        builder.Services.AddKlingVideoClient(section);
        builder.Services.AddServiceRateLimits(settings);
        builder.Services.AddOptions<KlingVideoClientOptions>().PostConfigure<IServiceProvider>((options, services) =>
        {
            if (simulator is not null)
            {
                options.ApiKey = simulator.ApiKey;
                options.BaseAddress = simulator.BaseAddress;
                // The simulator runs faster than the service: poll at its pace.
                options.Polling = simulator.CreateClientOptions().Polling;
            }
            else if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = environmentKey;
            }

            ServiceRateLimits.Apply(options, settings, services);
        });
        return simulator;
    }
}
