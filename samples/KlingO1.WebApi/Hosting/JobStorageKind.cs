namespace KlingO1.WebApi.Hosting;

/// <summary>Where the jobs live: one file for a single instance, or a PostgreSQL database a fleet shares.</summary>
internal enum JobStorageKind
{
    /// <summary>A SQLite file: one instance, nothing to install (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL: several instances share the jobs, the webhook replay store and the rate budget.</summary>
    PostgreSql,
}
