using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using KlingO1.WebApi.Jobs;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Hosting;

/// <summary>
/// Hangfire as the job engine, on the same database as the jobs table: its queue, retries and worker pool run the
/// <see cref="VideoJobRunner"/>s. No dashboard is mapped: it would show every prompt to whoever reaches the port.
/// </summary>
internal static class JobEngineSetup
{
    /// <summary>How long an idle worker waits before it looks at the queue again: a new job starts within about this.</summary>
    private static readonly TimeSpan SqlitePollInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PostgresPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Hangfire's invisibility timeout on SQLite, longer than any run. That storage's timeout does not slide: a run
    /// longer than it would be fetched again, and Hangfire would abort the first run. One instance loses a run only by
    /// dying, and then <see cref="UnfinishedJobsRecovery"/> queues it again at the next start.
    /// </summary>
    private static readonly TimeSpan SqliteInvisibility = TimeSpan.FromDays(1);

    public static IServiceCollection AddVideoJobEngine(this IServiceCollection services, ServiceSettings settings)
    {
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<VideoJobQueue>();
        services.AddSingleton<FailJobWhenRetriesRunOut>();
        services.AddTransient<VideoJobRunner>();
        services.AddTransient<OrphanedJobsSweep>();

        // Before Hangfire's server, so the runs it queues are there when the workers start.
        services.AddHostedService<UnfinishedJobsRecovery>();

        // This application's own storage, container and filters, registered before AddHangfire so its process-wide
        // defaults (JobStorage.Current, JobActivator.Current, GlobalJobFilters: whichever application configured
        // Hangfire last) never decide where a job is queued or which container runs it. Two applications in one
        // process (integration tests, a WebApplicationFactory) would otherwise run each other's jobs.
        services.AddSingleton<JobStorage>(provider =>
        {
            // Configured first: the storage logs through Hangfire's log provider as soon as it opens a connection.
            provider.GetRequiredService<IGlobalConfiguration>();
            return CreateStorage(settings);
        });
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider>(provider => new JobFilterProviderCollection
        {
            JobFilterProviders.Providers,
            new JobFilterCollection { provider.GetRequiredService<FailJobWhenRetriesRunOut>() },
        });
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogs(provider.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer(server =>
        {
            server.ServerName = settings.InstanceName;
            server.WorkerCount = settings.Workers;
            // Runs rescheduled for when another run's lease ends are moved to the queue within this.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    private static JobStorage CreateStorage(ServiceSettings settings)
    {
        if (settings.Storage == JobStorageKind.Sqlite)
        {
            return new SQLiteStorage(settings.SqliteFile!, new SQLiteStorageOptions { InvisibilityTimeout = SqliteInvisibility, QueuePollInterval = SqlitePollInterval });
        }

        var options = new PostgreSqlStorageOptions
        {
            // Renewed while the run lives: a killed instance's runs come back after this, a live one's never.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = settings.Invisibility,
            QueuePollInterval = PostgresPollInterval,
            PrepareSchemaIfNecessary = true,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(settings.ConnectionString, options), options);
    }

    /// <summary>
    /// Creates the missing tables, ours and Hangfire's (which its storage installs when first resolved), before anything
    /// starts: the hosted services, Hangfire's server among them, resolve the storage as soon as the host builds them.
    /// </summary>
    public static Task PrepareDatabaseAsync(this WebApplication app)
        => app.Services.GetRequiredService<IJobStore>().InitializeAsync(() => app.Services.GetRequiredService<JobStorage>(), CancellationToken.None);
}
