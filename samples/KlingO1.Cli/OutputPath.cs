using System;
using System.IO;

namespace KlingO1.Cli
{
    /// <summary>Checks that a video can be written where the user asked, before anything is generated.</summary>
    internal static class OutputPath
    {
        /// <exception cref="CliUsageException">The folder is missing or cannot be written.</exception>
        public static void EnsureWritable(string path)
        {
            var full = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(folder))
            {
                throw new CliUsageException($"Cannot save to {full}: the folder {folder} does not exist.");
            }

            var probe = Path.Combine(folder, ".kling-write-check-" + Guid.NewGuid().ToString("N"));
            try
            {
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"Cannot save to {full}: {ex.Message}");
            }
        }
    }
}
