using Npgsql;

namespace KlingO1.Service.Tests.Fleet
{
    /// <summary>The service's own tables (the contract's <c>video_jobs</c> and replay store <c>webhook_events</c>), read directly.</summary>
    internal static class JobTables
    {
        /// <summary>Rows in the replay store: webhook events the fleet processed.</summary>
        public static Task<long> ProcessedWebhookEventsAsync(string connectionString)
            => CountAsync(connectionString, "SELECT count(*) FROM webhook_events");

        /// <summary>Jobs whose final state came from a webhook event (the rest were finished by polling).</summary>
        public static Task<long> JobsFinishedByWebhookAsync(string connectionString)
            => CountAsync(connectionString, "SELECT count(*) FROM video_jobs WHERE finished_by = 'webhook'");

        private static async Task<long> CountAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }
}
