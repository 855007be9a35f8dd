using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KlingO1.WebApi.Storage;

/// <summary>
/// The jobs in the SQLite file Hangfire also uses (one instance). Times are stored as fixed-width UTC text, which sorts
/// and compares as the times do.
/// </summary>
internal sealed class SqliteJobStore : SqlJobStore
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly string[] Schema =
    [
        // WAL lets the page and the workers read while a job writes; Hangfire's SQLite storage sets the same.
        "PRAGMA journal_mode = WAL",
        """
        CREATE TABLE IF NOT EXISTS video_jobs (
            id TEXT PRIMARY KEY, prompt TEXT NOT NULL, mode TEXT NOT NULL, duration INTEGER NOT NULL, state TEXT NOT NULL,
            task_id TEXT NULL, progress INTEGER NOT NULL DEFAULT 0, error TEXT NULL, finished_by TEXT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, lease_owner TEXT NULL, lease_until TEXT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS video_jobs_task_id ON video_jobs (task_id)",
        "CREATE INDEX IF NOT EXISTS video_jobs_created_at ON video_jobs (created_at)",
        "CREATE TABLE IF NOT EXISTS webhook_events (event_id TEXT PRIMARY KEY, processed_at TEXT NOT NULL)",
    ];

    private readonly string _connectionString;

    public SqliteJobStore(string connectionString)
    {
        // A writer waits for another's lock (Hangfire's, a worker's) instead of failing at once with "database is locked".
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();
    }

    /// <remarks>One instance uses a SQLite file, so there is no one to take turns with.</remarks>
    public override async Task InitializeAsync(Action prepareEngineSchema, CancellationToken cancellationToken)
    {
        await using (var connection = await OpenAsync(cancellationToken))
        {
            foreach (var statement in Schema)
            {
                await using var command = Command(connection, statement);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        prepareEngineSchema();
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    protected override object ToDb(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal)
        => DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
