using System.Diagnostics;
using Npgsql;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// A throwaway PostgreSQL cluster for the test run (shared by the tests of the <see cref="PostgresCollection"/>), each
    /// test on a database of its own: <c>initdb --auth=trust</c> into a temporary folder, <c>postgres</c> on a free
    /// loopback port with its socket in that folder, stopped and deleted at the end. PostgreSQL refuses to run as root,
    /// so as root (CI) the folder belongs to the <c>postgres</c> user and both run through <c>runuser</c>.
    /// <c>KLING_TEST_POSTGRES</c> (a connection string) uses that server instead.
    /// </summary>
    public sealed class PostgresServer : IAsyncLifetime
    {
        public const string ExistingServerVariable = "KLING_TEST_POSTGRES";
        private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);
        private readonly ProcessOutput _log = new();
        private string? _bin;
        private string? _root;
        private Process? _postgres;
        private string _admin = string.Empty;

        /// <summary>Gets why there is no server (and what to install), or null when there is one.</summary>
        public string? Missing { get; private set; }

        /// <summary>Gets where the server's data lives, for the failure report.</summary>
        public string Description { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            var existing = Environment.GetEnvironmentVariable(ExistingServerVariable);
            if (!string.IsNullOrWhiteSpace(existing))
            {
                _admin = existing;
                Description = $"the server of {ExistingServerVariable}";
                await WaitAcceptingAsync();
                return;
            }

            _bin = PostgresBinaries.Find();
            if (_bin is null)
            {
                Missing = "PostgreSQL's initdb/postgres/pg_ctl were found neither under /usr/lib/postgresql/*/bin nor on PATH: " + PostgresBinaries.Install;
                return;
            }

            _root = Directory.CreateTempSubdirectory("kling-pg-").FullName;
            if (Posix.IsRoot)
            {
                await RunToEndAsync("chown", new[] { "postgres:", _root }, asPostgres: false);
            }

            var data = Path.Combine(_root, "data");
            await RunToEndAsync(Path.Combine(_bin, "initdb"), new[] { "-D", data, "--auth=trust", "-U", "postgres", "-E", "UTF8", "--no-sync" }, asPostgres: true);

            var port = FreePort.Next();
            _postgres = Start(Path.Combine(_bin, "postgres"), new[]
            {
                "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _root,
                "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",

                // A throwaway cluster: nothing needs to survive a crash of the machine.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            });
            _admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";
            Description = $"{_bin}/postgres on port {port}, data in {data}";
            await WaitAcceptingAsync();
        }

        /// <summary>Creates an empty database for one test and returns its connection string.</summary>
        public async Task<string> CreateDatabaseAsync(string prefix)
        {
            var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
            await using (var connection = new NpgsqlConnection(_admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            return new NpgsqlConnectionStringBuilder(_admin) { Database = name, Pooling = true }.ConnectionString;
        }

        /// <summary>Gets the server's log so far (for a failure report).</summary>
        public override string ToString() => Description + "\n" + _log;

        public async Task DisposeAsync()
        {
            if (_postgres is not null)
            {
                // A fast shutdown: clients are disconnected, nothing waits.
                try
                {
                    await RunToEndAsync(Path.Combine(_bin!, "pg_ctl"), new[] { "stop", "-D", Path.Combine(_root!, "data"), "-m", "fast", "-w" }, asPostgres: true);
                }
                catch (Xunit.Sdk.XunitException)
                {
                    Posix.Signal(_postgres.Id, Posix.Sigint);
                }

                if (!_postgres.WaitForExit(30_000))
                {
                    _postgres.Kill(entireProcessTree: true);
                }

                _postgres.Dispose();
            }

            if (_root is not null)
            {
                Directory.Delete(_root, recursive: true);
            }
        }

        private async Task WaitAcceptingAsync()
        {
            NpgsqlException? last = null;
            try
            {
                await Eventually.UntilAsync("postgres to accept connections", IsAcceptingAsync, StartBound, TimeSpan.FromMilliseconds(100));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{Description} did not accept connections within {StartBound.TotalSeconds:F0} s: {last?.Message}\n{_log}");
            }

            async Task<bool> IsAcceptingAsync()
            {
                if (_postgres is { HasExited: true })
                {
                    Assert.Fail($"postgres exited with code {_postgres.ExitCode}:\n{_log}");
                }

                try
                {
                    await using var connection = new NpgsqlConnection(_admin);
                    await connection.OpenAsync();
                    return true;
                }
                catch (NpgsqlException ex)
                {
                    // Starting (connection refused, or "the database system is starting up").
                    last = ex;
                    return false;
                }
            }
        }

        private async Task RunToEndAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
        {
            using var process = Start(file, arguments, asPostgres);
            using var guard = new CancellationTokenSource(StartBound);
            await process.WaitForExitAsync(guard.Token);
            if (process.ExitCode != 0)
            {
                Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with code {process.ExitCode}:\n{_log}");
            }
        }

        private Process Start(string file, IReadOnlyList<string> arguments, bool asPostgres = true)
        {
            var start = new ProcessStartInfo
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,

                // The postgres user must be able to enter its working directory (the tests' folder may be root's).
                WorkingDirectory = _root ?? Path.GetTempPath(),
            };
            if (asPostgres && Posix.IsRoot)
            {
                start.FileName = "runuser";
                foreach (var argument in new[] { "-u", "postgres", "--", file })
                {
                    start.ArgumentList.Add(argument);
                }
            }
            else
            {
                start.FileName = file;
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => _log.Add(e.Data);
            process.ErrorDataReceived += (_, e) => _log.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
    }

    /// <summary>The tests on the shared PostgreSQL cluster: one cluster per test run, started by the first of them.</summary>
    [CollectionDefinition(Name)]
    public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
    {
        public const string Name = "PostgreSQL";
    }
}
