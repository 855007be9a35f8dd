using System.Threading.RateLimiting;
using KlingO1.WebApi.Hosting;
using Npgsql;

namespace KlingO1.WebApi.RateLimiting;

/// <summary>
/// The account's rate budget (<c>RateLimits:*</c>) applied to the SDK client. On PostgreSQL the whole fleet shares it
/// through <see cref="PostgresPacedRateLimiter"/>s; on SQLite (one instance) it is this process's: the SDK's status-read
/// cap and an in-process submit window.
/// </summary>
internal static class ServiceRateLimits
{
    public static IServiceCollection AddServiceRateLimits(this IServiceCollection services, ServiceSettings settings)
    {
        services.AddSingleton(provider => settings.Storage == JobStorageKind.PostgreSql
            ? Fleet(provider.GetRequiredService<NpgsqlDataSource>(), settings, provider.GetService<TimeProvider>() ?? TimeProvider.System)
            : Local(settings));
        return services;
    }

    /// <summary>Sets the budget on the client's options; the one place the service's limiters meet the SDK.</summary>
    public static void Apply(KlingVideoClientOptions options, ServiceSettings settings, IServiceProvider services)
    {
        // The SDK's own cap never lets this instance exceed the budget, whatever the fleet's limiter answers.
        options.Polling.MaxStatusReadsPerSecond = settings.StatusReadsPerSecond;
        var limiters = services.GetRequiredService<ServiceRateLimiters>();
        options.StatusReadLimiter = limiters.StatusReads;
        options.SubmitLimiter = limiters.Submits;
    }

    private static ServiceRateLimiters Fleet(NpgsqlDataSource dataSource, ServiceSettings settings, TimeProvider time) => new(
        new PostgresPacedRateLimiter(dataSource, "status_reads", settings.StatusReadsPerSecond, time),
        new PostgresPacedRateLimiter(dataSource, "submits", settings.SubmitsPerSecond, time));

    private static ServiceRateLimiters Local(ServiceSettings settings) => new(
        StatusReads: null,
        Submits: new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.SubmitsPerSecond,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
}
