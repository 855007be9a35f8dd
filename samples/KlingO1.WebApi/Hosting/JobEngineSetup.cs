using Hangfire;
using Hangfire.PostgreSql;
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
        services.AddHangfire((provider, configuration) =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (settings.Storage == JobStorageKind.Sqlite)
            {
                configuration.UseSQLiteStorage(settings.SqliteFile!, new SQLiteStorageOptions
                {
                    InvisibilityTimeout = SqliteInvisibility,
                    QueuePollInterval = SqlitePollInterval,
                });
            }
            else
            {
                configuration.UsePostgreSqlStorage(connection => connection.UseNpgsqlConnection(settings.ConnectionString), new PostgreSqlStorageOptions
                {
                    // Renewed while the run lives: a killed instance's runs come back after this, a live one's never.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = settings.Invisibility,
                    QueuePollInterval = PostgresPollInterval,
                    PrepareSchemaIfNecessary = true,
                });
            }
        });
        services.AddHangfireServer(server =>
        {
            server.ServerName = settings.InstanceName;
            server.WorkerCount = settings.Workers;
            // Runs rescheduled for when another run's lease ends are moved to the queue within this.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        return services;
    }

    /// <summary>
    /// Creates the missing tables, ours and Hangfire's (which its storage installs when first resolved), before anything
    /// starts: the hosted services, Hangfire's server among them, resolve the storage as soon as the host builds them.
    /// </summary>
    public static Task PrepareDatabaseAsync(this WebApplication app)
        => app.Services.GetRequiredService<IJobStore>().InitializeAsync(() => app.Services.GetRequiredService<JobStorage>(), CancellationToken.None);

    /// <summary>
    /// Adds the filter that fails a job when its retries run out, for this application's lifetime: Hangfire's filter list
    /// is process-wide, and a test process builds the application more than once.
    /// </summary>
    public static void UseVideoJobFilters(this WebApplication app)
    {
        var filter = app.Services.GetRequiredService<FailJobWhenRetriesRunOut>();
        GlobalJobFilters.Filters.Add(filter);
        app.Lifetime.ApplicationStopped.Register(() => GlobalJobFilters.Filters.Remove(filter));
    }
}
