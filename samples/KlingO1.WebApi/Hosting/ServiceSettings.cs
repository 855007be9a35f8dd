using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KlingO1.WebApi.Hosting;

/// <summary>
/// The service's own settings (everything but the SDK's <c>KlingO1</c> section), read and checked once at start so a
/// wrong value stops the service with a clear message instead of failing a job later.
/// </summary>
internal sealed class ServiceSettings
{
    /// <summary>The SQLite file used when no connection string is configured: <c>dotnet run</c> needs no setup.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/kling-jobs.db";

    private ServiceSettings(IConfiguration configuration, string contentRoot)
    {
        ApiKey = NullIfBlank(configuration["Service:ApiKey"]) is { } key ? CheckServiceKey(key) : null;
        InstanceName = NullIfBlank(configuration["Service:InstanceName"])
            ?? Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        LeaseOwner = InstanceName + "#" + Guid.NewGuid().ToString("N")[..12];
        Storage = ParseStorage(configuration["Jobs:Storage"]);
        var connectionString = NullIfBlank(configuration.GetConnectionString("Jobs"));
        if (Storage == JobStorageKind.PostgreSql && connectionString is null)
        {
            throw new InvalidOperationException("Jobs:Storage is PostgreSql: set ConnectionStrings:Jobs to the database's connection string.");
        }

        (ConnectionString, SqliteFile) = Storage == JobStorageKind.Sqlite
            ? ResolveSqlite(connectionString ?? DefaultSqliteConnectionString, contentRoot)
            : (connectionString!, null);
        Workers = Positive(configuration, "Jobs:Workers", 20);
        Lease = TimeSpan.FromSeconds(Positive(configuration, "Jobs:LeaseSeconds", 30));
        Invisibility = TimeSpan.FromSeconds(Positive(configuration, "Jobs:InvisibilitySeconds", 60));
        VideoDirectory = Path.GetFullPath(configuration["Jobs:VideoDirectory"] is { Length: > 0 } videos ? videos : "App_Data/videos", contentRoot);
        WebhookSecret = NullIfBlank(configuration["Webhook:Secret"]);
        CallbackUrl = NullIfBlank(configuration["Webhook:CallbackUrl"]) is { } callback ? ParseCallbackUrl(callback) : null;
        StatusReadsPerSecond = Positive(configuration, "RateLimits:StatusReadsPerSecond", 40);
        SubmitsPerSecond = Positive(configuration, "RateLimits:SubmitsPerSecond", 4);
        SimulatorTimeScale = configuration.GetValue("Simulator:TimeScale", 20.0);
    }

    /// <summary>The configured service key, or <see langword="null"/> for one generated at start.</summary>
    public string? ApiKey { get; }

    /// <summary>This instance in logs and in <c>GET /health</c>.</summary>
    public string InstanceName { get; }

    /// <summary>
    /// The owner of the job leases this process holds: its name and a random part of its own, so two processes given the
    /// same <c>Service:InstanceName</c> (a copied configuration, a restarted pod beside its old self) never count as one
    /// owner, and neither takes a job the other runs.
    /// </summary>
    public string LeaseOwner { get; }

    public JobStorageKind Storage { get; }

    /// <summary>The jobs database; for SQLite with its file made absolute, since Hangfire and our tables must open the same one.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite file's full path (Hangfire's SQLite storage takes a path, not a connection string), or <see langword="null"/>.</summary>
    public string? SqliteFile { get; }

    /// <summary>Hangfire workers, so jobs run at once on this instance.</summary>
    public int Workers { get; }

    /// <summary>How long a job's row lease lasts unless renewed; it is renewed every third of it.</summary>
    public TimeSpan Lease { get; }

    /// <summary>How soon Hangfire fetches again a job whose instance stopped answering (PostgreSQL; see <see cref="JobEngineSetup"/> for SQLite).</summary>
    public TimeSpan Invisibility { get; }

    /// <summary>Where finished videos are saved, one <c>{jobId}.mp4</c> each.</summary>
    public string VideoDirectory { get; }

    /// <summary>The webhook signing secret, or <see langword="null"/>: webhooks are then refused.</summary>
    public string? WebhookSecret { get; }

    /// <summary>Sent with every submit as <c>callback_url</c> when set (the fleet's front address).</summary>
    public Uri? CallbackUrl { get; }

    public int StatusReadsPerSecond { get; }

    public int SubmitsPerSecond { get; }

    public double SimulatorTimeScale { get; }

    /// <summary>Reads and checks the settings; creates the folders they name, so the first write does not fail.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it.</exception>
    public static ServiceSettings Read(IConfiguration configuration, string contentRoot)
    {
        var settings = new ServiceSettings(configuration, contentRoot);
        Directory.CreateDirectory(settings.VideoDirectory);
        if (settings.SqliteFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }

        return settings;
    }

    /// <summary>
    /// A key no client can send would lock every caller out with a bare 401 and nothing in the log: HTTP drops the spaces
    /// around a header value (so <c>" key"</c> never matches) and Kestrel refuses a header with other than ASCII in it.
    /// </summary>
    private static string CheckServiceKey(string key)
        => key.All(c => c is > ' ' and <= '~')
            ? key
            : throw new InvalidOperationException(
                "Service:ApiKey must be visible ASCII characters only (no spaces, no control or non-ASCII characters): callers send it as the X-Api-Key header.");

    private static JobStorageKind ParseStorage(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return JobStorageKind.Sqlite;
        }

        return string.Equals(value, "PostgreSql", StringComparison.OrdinalIgnoreCase)
            ? JobStorageKind.PostgreSql
            : throw new InvalidOperationException($"Jobs:Storage must be Sqlite or PostgreSql, not \"{value}\".");
    }

    private static (string ConnectionString, string File) ResolveSqlite(string connectionString, string contentRoot)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("ConnectionStrings:Jobs is not a SQLite connection string (\"Data Source=path/to/file.db\"): " + ex.Message, ex);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new InvalidOperationException("ConnectionStrings:Jobs must name a SQLite file (\"Data Source=path/to/file.db\"): the jobs must outlive the process.");
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        return (builder.ToString(), builder.DataSource);
    }

    /// <summary>Checked by the SDK's own rules now: a URL it refuses would fail every job at its submit.</summary>
    private static Uri ParseCallbackUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"Webhook:CallbackUrl \"{value}\" is not an absolute URL.");
        }

        try
        {
            _ = new VideoGenerationRequest("check") { CallbackUrl = uri };
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"Webhook:CallbackUrl \"{value}\" cannot be sent: {ex.Message}", ex);
        }

        return uri;
    }

    private static int Positive(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new InvalidOperationException($"{key} must be a whole number above 0, not \"{value}\".");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
