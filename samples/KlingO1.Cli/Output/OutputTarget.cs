using System;
using System.IO;
using KlingO1.Cli.Errors;

namespace KlingO1.Cli.Output
{
    /// <summary>
    /// Where a video will be saved, decided and checked before anything is generated: every generation is billed, so a
    /// missing or unwritable folder, a folder given as the file, or a file already there is refused first.
    /// </summary>
    internal static class OutputTarget
    {
        /// <summary>Returns the full path to save to: <paramref name="requested"/>, or <paramref name="defaultName"/> in it when it is a folder.</summary>
        /// <param name="requested">What `--out` says, or null for <paramref name="defaultName"/> in the current folder.</param>
        /// <param name="defaultName">The file name used when none is given.</param>
        /// <param name="overwrite">Whether an existing file may be replaced (`--overwrite`).</param>
        /// <exception cref="CliUsageException">The folder is missing or cannot be written, or the file exists and may not be replaced.</exception>
        public static string Resolve(string? requested, string defaultName, bool overwrite)
        {
            var path = string.IsNullOrWhiteSpace(requested) ? defaultName : requested;
            if (Directory.Exists(path) || path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar))
            {
                // `--out .` or `--out clips/`: the video goes into that folder under the default name.
                path = Path.Combine(path, defaultName);
            }

            var full = Path.GetFullPath(path);
            EnsureWritable(full, overwrite);
            return full;
        }

        /// <summary>Checks that <paramref name="full"/> can be written (and, unless <paramref name="overwrite"/>, does not exist yet).</summary>
        /// <exception cref="CliUsageException">It cannot.</exception>
        public static void EnsureWritable(string full, bool overwrite)
        {
            var folder = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(folder))
            {
                throw new CliUsageException($"Cannot save to {full}: the folder {folder} does not exist.");
            }

            if (Directory.Exists(full))
            {
                throw new CliUsageException($"Cannot save to {full}: it is a folder.");
            }

            if (File.Exists(full) && !overwrite)
            {
                throw new CliUsageException($"{full} already exists: pass --overwrite to replace it, or choose another --out.");
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
