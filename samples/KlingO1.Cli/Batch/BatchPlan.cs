using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Output;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// What a batch run will do, decided before any request: every item's request is built (so every rule is checked),
    /// its output path fixed (the journal's, once an item was submitted) and checked, and its action read from the journal.
    /// </summary>
    internal static class BatchPlan
    {
        /// <exception cref="CliUsageException">An item breaks a rule, two items share an output, or an output cannot be written.</exception>
        public static IReadOnlyList<PlannedItem> Make(
            IReadOnlyList<BatchItem> items, IReadOnlyDictionary<string, JournalEntry> journal, string outDir, bool overwrite, bool retryFailed, bool simulatorRestarted)
        {
            var planned = new List<PlannedItem>(items.Count);
            var outputs = new Dictionary<string, BatchItem>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                VideoGenerationRequest request;
                try
                {
                    request = item.Spec.ToRequest();
                }
                catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new CliUsageException($"line {item.Line.ToString(CultureInfo.InvariantCulture)}: {SdkWords.Translate(ex.Message)}");
                }

                journal.TryGetValue(item.Key, out var entry);
                var output = entry?.Out ?? InsideOutDir(item, outDir);
                if (outputs.TryGetValue(output, out var other))
                {
                    throw new CliUsageException(
                        $"line {item.Line.ToString(CultureInfo.InvariantCulture)} and line {other.Line.ToString(CultureInfo.InvariantCulture)} would both save to {output}: give one an \"out\" of its own.");
                }

                outputs[output] = item;
                var action = ActionOf(entry, output, retryFailed, simulatorRestarted);
                if (action is ItemAction.Submit or ItemAction.LookUp or ItemAction.Resume)
                {
                    // Before anything is billed: the folder exists and is writable, and no file of someone's is in the way.
                    // A task already submitted (its id journaled) is billed whatever happens: a file at its output may be its
                    // own video, saved just before a crash kept the "saved" line from the journal, so it is checked once the
                    // video is there (and kept unless it is that video), instead of stopping the whole batch.
                    try
                    {
                        OutputTarget.EnsureWritable(output, overwrite || action == ItemAction.Resume);
                    }
                    catch (CliUsageException ex)
                    {
                        throw new CliUsageException($"line {item.Line.ToString(CultureInfo.InvariantCulture)}: {ex.Message}");
                    }
                }

                planned.Add(new PlannedItem(item, output, action, entry, request));
            }

            return planned;
        }

        /// <summary>
        /// Returns where an item not journaled yet saves its video: its "out" (or its default name) inside --out-dir. A file
        /// is often someone else's (a shared prompts file): its "out" may not climb out of --out-dir, be a path elsewhere,
        /// or go through a symbolic link to a folder outside it.
        /// </summary>
        /// <exception cref="CliUsageException">The "out" leads outside --out-dir.</exception>
        private static string InsideOutDir(BatchItem item, string outDir)
        {
            var output = Path.GetFullPath(Path.Combine(outDir, item.Out ?? DefaultName(item)));
            if (item.Out is null)
            {
                return output;
            }

            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
            var realRoot = RealPath(root);
            var inside = IsWithin(output, root);
            for (var folder = Path.GetDirectoryName(output); inside && folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
            {
                if (Directory.Exists(folder) && new DirectoryInfo(folder).LinkTarget is not null)
                {
                    inside = IsWithin(RealPath(folder), realRoot);
                }
            }

            return inside
                ? output
                : throw new CliUsageException(
                    $"line {item.Line.ToString(CultureInfo.InvariantCulture)}: \"out\" must stay inside the --out-dir folder {root} (\"{item.Out}\" leads to {output}): give a file name, or a path inside it, or pass another --out-dir.");
        }

        private static bool IsWithin(string path, string root)
        {
            var relative = Path.GetRelativePath(root, path);
            return relative != "." && !Path.IsPathRooted(relative) && relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        }

        /// <summary>Returns <paramref name="folder"/> with every symbolic link on its way resolved.</summary>
        private static string RealPath(string folder)
        {
            var parent = Path.GetDirectoryName(folder);
            var real = parent is null ? folder : Path.Combine(RealPath(parent), Path.GetFileName(folder));
            return Directory.Exists(real) && new DirectoryInfo(real).ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? RealPath(Path.TrimEndingDirectorySeparator(target.FullName))
                : real;
        }

        /// <summary>Returns an item's default file name: its number and the prompt's first words, e.g. <c>003-a-red-fox.mp4</c>.</summary>
        public static string DefaultName(BatchItem item)
        {
            var slug = new StringBuilder();
            foreach (var c in item.Spec.Prompt.ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    slug.Append(c);
                }
                else if (slug.Length > 0 && slug[^1] != '-')
                {
                    slug.Append('-');
                }

                if (slug.Length >= 40)
                {
                    break;
                }
            }

            var words = slug.ToString().Trim('-');
            return item.Number.ToString("D3", CultureInfo.InvariantCulture) + (words.Length > 0 ? "-" + words : string.Empty) + ".mp4";
        }

        private static ItemAction ActionOf(JournalEntry? entry, string output, bool retryFailed, bool simulatorRestarted)
        {
            if (entry is null || entry.BusinessId is null)
            {
                return ItemAction.Submit;
            }

            if (entry.Saved)
            {
                // A saved video that is gone again is fetched again (the task keeps it 24 h), not generated again.
                return File.Exists(output) ? ItemAction.Done : simulatorRestarted ? ItemAction.Submit : ItemAction.Resume;
            }

            if (entry.Failure is not null)
            {
                return retryFailed ? ItemAction.Submit : ItemAction.Failed;
            }

            if (simulatorRestarted)
            {
                // The built-in simulator's tasks ended with its last run; nothing there is billed.
                return ItemAction.Submit;
            }

            return entry.TaskId is null ? ItemAction.LookUp : ItemAction.Resume;
        }
    }
}
