using System.Data.Common;
using Npgsql;

namespace KlingO1.WebApi.Storage;

/// <summary>
/// The jobs in the PostgreSQL database the fleet shares with Hangfire, with the fleet rate limiter's
/// <c>rate_slots</c> (see <see cref="RateLimiting.PostgresPacedRateLimiter"/>).
/// </summary>
internal sealed class PostgresJobStore : SqlJobStore
{
    // Instances starting together would race on CREATE TABLE IF NOT EXISTS (it is not atomic in PostgreSQL), ours and
    // Hangfire's: one transaction-scoped advisory lock, keyed by this number, lets one of them create both at a time.
    private const long SchemaLock = 0x4B4C494E47_19;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS video_jobs (
            id text PRIMARY KEY, prompt text NOT NULL, mode text NOT NULL, duration integer NOT NULL, state text NOT NULL,
            task_id text NULL, progress integer NOT NULL DEFAULT 0, error text NULL, finished_by text NULL,
            created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, lease_owner text NULL, lease_until timestamptz NULL);
        CREATE INDEX IF NOT EXISTS video_jobs_task_id ON video_jobs (task_id);
        CREATE INDEX IF NOT EXISTS video_jobs_created_at ON video_jobs (created_at);
        CREATE TABLE IF NOT EXISTS webhook_events (event_id text PRIMARY KEY, processed_at timestamptz NOT NULL);
        """ + RateLimiting.PostgresPacedRateLimiter.TableSql;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresJobStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    public override async Task InitializeAsync(Action prepareEngineSchema, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key); " + Schema, connection, transaction))
        {
            command.Parameters.AddWithValue("key", SchemaLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // On its own connection; the lock is held until the commit below.
        prepareEngineSchema();
        await transaction.CommitAsync(cancellationToken);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        => await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override object ToDb(DateTimeOffset time) => time.ToUniversalTime();

    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
