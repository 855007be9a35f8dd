using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// `kling batch --dry-run`: what a run would do and what it would bill, from the file and the journal alone (no request
    /// of any kind is sent). The SDK has no price list, so the bill is counted by mode and length, not priced.
    /// </summary>
    internal static class DryRun
    {
        public static void Write(TextWriter output, string file, string journal, bool journalExists, IReadOnlyList<PlannedItem> plan)
        {
            output.WriteLine($"Dry run of {file} (journal {journal}{(journalExists ? string.Empty : ", not started yet")}): nothing is sent.");
            foreach (var item in plan)
            {
                var aspect = item.Item.Spec.AspectRatio?.Value ?? "-";
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  [{item.Item.Number}] line {item.Item.Line}  {item.ModeWord} {item.Seconds} s  {aspect}  {Describe(item)}  -> {item.Out}"));
            }

            var billed = plan.Where(p => p.Action == ItemAction.Submit).ToList();
            var maybe = plan.Count(p => p.Action == ItemAction.LookUp);
            var groups = billed.GroupBy(p => (p.ModeWord, p.Seconds)).OrderBy(g => g.Key.ModeWord).ThenBy(g => g.Key.Seconds)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} x {g.Key.ModeWord} {g.Key.Seconds} s"));
            var seconds = billed.GroupBy(p => p.ModeWord).OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Sum(p => p.Seconds ?? 0)} s {g.Key}"));
            output.WriteLine(billed.Count == 0
                ? "Would submit nothing: nothing is billed."
                : string.Create(CultureInfo.InvariantCulture, $"Would submit {billed.Count} task{(billed.Count == 1 ? string.Empty : "s")} (each billed): {string.Join(", ", groups)} ({string.Join(" and ", seconds)} of video)."));
            if (maybe > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"And {maybe} whose earlier submit went unanswered: each is looked up by its business id first, and submitted only if no task has it."));
            }

            output.WriteLine("Price: not estimated, as the SDK has no price list (the ToAPIs console shows your rates).");
        }

        private static string Describe(PlannedItem item) => item.Action switch
        {
            ItemAction.Submit => item.Entry?.Failure is not null ? "submit again (billed; its earlier task failed)" : "submit (billed)",
            ItemAction.LookUp => $"look up business id {item.Entry!.BusinessId}, submit only if not found",
            ItemAction.Resume => $"wait for task {item.Entry!.TaskId} and save it (submitted earlier; not billed again)",
            ItemAction.Done => "already saved",
            _ => $"failed earlier ({item.Entry?.Failure}); skipped (--retry-failed submits it again)",
        };
    }
}
