using KlingO1.WebApi.Hosting;
using Npgsql;

namespace KlingO1.WebApi.Storage;

/// <summary>Registers the <see cref="IJobStore"/> of the configured storage (and, for PostgreSQL, the fleet's one connection pool).</summary>
internal static class JobStoreSetup
{
    public static IServiceCollection AddJobStore(this IServiceCollection services, ServiceSettings settings)
    {
        if (settings.Storage == JobStorageKind.Sqlite)
        {
            services.AddSingleton<IJobStore>(new SqliteJobStore(settings.ConnectionString));
        }
        else
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
            services.AddSingleton<IJobStore>(provider => new PostgresJobStore(provider.GetRequiredService<NpgsqlDataSource>()));
        }

        return services;
    }
}
