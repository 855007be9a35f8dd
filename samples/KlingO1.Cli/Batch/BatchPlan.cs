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
                var output = entry?.Out ?? Path.GetFullPath(Path.Combine(outDir, item.Out ?? DefaultName(item)));
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
                    try
                    {
                        OutputTarget.EnsureWritable(output, overwrite);
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
