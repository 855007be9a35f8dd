namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>Where <c>initdb</c>, <c>postgres</c> and <c>pg_ctl</c> are: Debian keeps them off PATH, per major version.</summary>
    internal static class PostgresBinaries
    {
        public const string Install = "install the PostgreSQL server (Debian: apt-get install postgresql) or set KLING_TEST_POSTGRES to a connection string of a server to use";

        /// <summary>The folder holding the three, the newest version first; null when none is installed.</summary>
        public static string? Find()
        {
            var candidates = new List<string>();
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                // Highest major version first (numeric: 9 < 15).
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var major) ? major : 0)
                    .Select(dir => Path.Combine(dir, "bin")));
            }

            candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
            return candidates.FirstOrDefault(dir => new[] { "initdb", "postgres", "pg_ctl" }.All(tool => File.Exists(Path.Combine(dir, tool))));
        }
    }
}
