namespace KlingO1.Service.Tests.Browser
{
    /// <summary>
    /// Where the page's screenshot goes: TestResults/screenshots/ at the repository root (beside the TRX files CI
    /// writes). The copy in docs/screenshots/ is refreshed only on request (<c>KLING_UPDATE_SCREENSHOTS=1</c>), so an
    /// ordinary test run leaves the work tree clean.
    /// </summary>
    internal static class Screenshots
    {
        public const string UpdateVariable = "KLING_UPDATE_SCREENSHOTS";

        public static string RepositoryRoot
        {
            get
            {
                for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "KlingO1.sln")))
                    {
                        return dir.FullName;
                    }
                }

                // Run from a copied output folder: keep the screenshot beside the tests.
                return AppContext.BaseDirectory;
            }
        }

        public static string ResultPath(string name)
        {
            var folder = Path.Combine(RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            return Path.Combine(folder, name);
        }

        /// <summary>Copies the screenshot into docs/screenshots/ when asked to; returns the copy's path, or null.</summary>
        public static string? UpdateDocsCopy(string screenshot)
        {
            if (Environment.GetEnvironmentVariable(UpdateVariable) != "1")
            {
                return null;
            }

            var docs = Path.Combine(RepositoryRoot, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            var copy = Path.Combine(docs, Path.GetFileName(screenshot));
            File.Copy(screenshot, copy, overwrite: true);
            return copy;
        }
    }
}
