using System.Data.Common;

namespace KlingO1.WebApi.Storage;

/// <summary>
/// <see cref="IJobStore"/> in plain, parameterized SQL that SQLite and PostgreSQL both speak (<c>RETURNING</c>,
/// <c>ON CONFLICT</c>); a dialect supplies its connections, its schema and how it stores a point in time. Times come from
/// the caller's clock, so the instances of a fleet are expected to keep theirs in sync (NTP), as leases compare them.
/// </summary>
internal abstract class SqlJobStore : IJobStore
{
    private const string Columns = "id, prompt, mode, duration, state, task_id, progress, error, finished_by, created_at, updated_at";
    private const string Unfinished = "state IN ('" + JobStates.Queued + "', '" + JobStates.Submitted + "')";

    public abstract Task InitializeAsync(Action prepareEngineSchema, CancellationToken cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task InsertAsync(VideoJob job, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            "INSERT INTO video_jobs (" + Columns + ") VALUES (@id, @prompt, @mode, @duration, @state, @task, @progress, @error, @by, @created, @updated)",
            ("@id", job.Id), ("@prompt", job.Prompt), ("@mode", job.Mode), ("@duration", job.Duration), ("@state", job.State),
            ("@task", job.TaskId), ("@progress", job.Progress), ("@error", job.Error), ("@by", job.FinishedBy),
            ("@created", ToDb(job.CreatedAt)), ("@updated", ToDb(job.UpdatedAt)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<VideoJob?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT " + Columns + " FROM video_jobs WHERE id = @id", ("@id", id));
        return (await ReadJobsAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<string?> FindIdByTaskAsync(string taskId, string? businessId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection, "SELECT id FROM video_jobs WHERE task_id = @task OR id = @business LIMIT 1", ("@task", taskId), ("@business", businessId ?? taskId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<VideoJob>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection, "SELECT " + Columns + " FROM video_jobs ORDER BY created_at DESC, id DESC LIMIT @limit", ("@limit", limit));
        return await ReadJobsAsync(command, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListUnfinishedIdsAsync(CancellationToken cancellationToken)
        => ListIdsAsync("SELECT id FROM video_jobs WHERE " + Unfinished + " ORDER BY created_at", cancellationToken);

    public Task<IReadOnlyList<string>> ListOrphanedIdsAsync(DateTimeOffset now, DateTimeOffset quietSince, CancellationToken cancellationToken)
        => ListIdsAsync(
            "SELECT id FROM video_jobs WHERE " + Unfinished + " AND (lease_until IS NULL OR lease_until < @now) AND updated_at < @quiet ORDER BY created_at",
            cancellationToken,
            ("@now", ToDb(now)),
            ("@quiet", ToDb(quietSince)));

    private async Task<IReadOnlyList<string>> ListIdsAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<LeaseClaim> TryClaimAsync(string id, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var claim = Command(
            connection,
            "UPDATE video_jobs SET lease_owner = @owner, lease_until = @until WHERE id = @id AND " + Unfinished
                + " AND (lease_until IS NULL OR lease_until < @now OR lease_owner = @owner) RETURNING " + Columns,
            ("@id", id), ("@owner", owner), ("@until", ToDb(now + lease)), ("@now", ToDb(now))))
        {
            if ((await ReadJobsAsync(claim, cancellationToken)).SingleOrDefault() is { } claimed)
            {
                return new LeaseClaim(claimed, Claimed: true, HeldUntil: null);
            }
        }

        await using var look = Command(connection, "SELECT " + Columns + ", lease_until FROM video_jobs WHERE id = @id", ("@id", id));
        await using var reader = await look.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new LeaseClaim(null, Claimed: false, HeldUntil: null);
        }

        var job = ReadJob(reader);
        return new LeaseClaim(job, Claimed: false, HeldUntil: job.IsFinished || reader.IsDBNull(11) ? null : ReadTime(reader, 11));
    }

    public async Task<string?> RenewLeaseAsync(string id, string owner, TimeSpan lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection, "UPDATE video_jobs SET lease_until = @until WHERE id = @id AND lease_owner = @owner RETURNING state",
            ("@id", id), ("@owner", owner), ("@until", ToDb(now + lease)));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task ReleaseLeaseAsync(string id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection, "UPDATE video_jobs SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner", ("@id", id), ("@owner", owner));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkSubmittedAsync(string id, string taskId, int progress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            "UPDATE video_jobs SET state = '" + JobStates.Submitted + "', task_id = @task, progress = @progress, updated_at = @now WHERE id = @id AND " + Unfinished,
            ("@id", id), ("@task", taskId), ("@progress", progress), ("@now", ToDb(now)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveProgressAsync(string id, int progress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            "UPDATE video_jobs SET progress = @progress, updated_at = @now WHERE id = @id AND state = '" + JobStates.Submitted + "' AND progress <> @progress",
            ("@id", id), ("@progress", progress), ("@now", ToDb(now)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> FinishAsync(string id, JobOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            "UPDATE video_jobs SET state = @state, progress = @progress, error = @error, finished_by = @by, task_id = COALESCE(task_id, @task), updated_at = @now"
                + " WHERE id = @id AND " + Unfinished,
            ("@id", id), ("@state", outcome.State), ("@progress", outcome.Progress), ("@error", outcome.Error), ("@by", outcome.FinishedBy),
            ("@task", outcome.TaskId), ("@now", ToDb(now)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> IsEventProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT 1 FROM webhook_events WHERE event_id = @id", ("@id", eventId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task MarkEventProcessedAsync(string eventId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(
            connection, "INSERT INTO webhook_events (event_id, processed_at) VALUES (@id, @now) ON CONFLICT (event_id) DO NOTHING", ("@id", eventId), ("@now", ToDb(now)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens a connection (pooled by the provider).</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A point in time as the dialect stores it (a value that sorts and compares in time order).</summary>
    protected abstract object ToDb(DateTimeOffset time);

    /// <summary>Reads a point in time stored by <see cref="ToDb"/>.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A command with its parameters; <see langword="null"/> values are sent as SQL <c>NULL</c>.</summary>
    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private async Task<IReadOnlyList<VideoJob>> ReadJobsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<VideoJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    private VideoJob ReadJob(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        ReadTime(reader, 9),
        ReadTime(reader, 10));
}
