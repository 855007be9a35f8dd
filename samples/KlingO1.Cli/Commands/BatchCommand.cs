using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Batch;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Options;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>
    /// `kling batch`: many videos from a file, a few at a time, with a journal that lets an interrupted batch resume
    /// without submitting anything twice.
    /// </summary>
    internal static class BatchCommand
    {
        public const int DefaultParallel = 4;
        public const int MaxParallel = 32;

        public const string Notes = """
            The file:
              One prompt a line, or a JSON object a line with the item's own options (the batch's options are the
              defaults); blank lines and lines starting with # are skipped:
                A cat playing piano, cinematic lighting
                {"prompt": "<<<image_1>>> waves", "images": ["hero.png"], "mode": "pro", "duration": 10, "aspect": "9:16", "out": "hero.mp4"}
              Fields: prompt, mode, duration, aspect, out, images, first_frame, end_frame, elements, video, video_type.
              Videos are saved in --out-dir as 001-a-cat-playing-piano.mp4 ... unless an item has "out".
            The journal (default: <file>.journal.jsonl):
              Each item's business id is written to it, and flushed, before its submit is sent; its task id as soon as
              the submit is accepted. Run the same command again after Ctrl+C, SIGTERM or a crash: saved items are
              skipped, submitted ones waited for and saved, and a submit whose answer never came is looked up by its
              business id: nothing is submitted twice. A failed task is not submitted again unless --retry-failed.
            """;

        public static Command Create(CliContext context)
        {
            var file = new Argument<string>("prompts-file") { Description = "The prompts: one a line, or JSON lines (see below)." };
            var mode = RequestOptions.ModeOption();
            var duration = RequestOptions.DurationOption();
            var aspect = RequestOptions.AspectOption();
            var shape = RequestOptions.ShapeOption();
            var outDir = new Option<string>("--out-dir") { Description = "The folder the videos are saved in (default: the current one).", HelpName = "folder" };
            var journal = new Option<string>("--journal", "-j") { Description = "The journal file (default: <prompts-file>.journal.jsonl).", HelpName = "file" };
            var parallel = new Option<int>("--parallel", "-p")
            {
                Description = $"How many items run at once (default {DefaultParallel}; 1 to {MaxParallel}).",
                HelpName = "n",
                DefaultValueFactory = _ => DefaultParallel,
            };
            parallel.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 1 or > MaxParallel)
                {
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"--parallel takes 1 to {MaxParallel} (got {result.GetValueOrDefault<int>()})."));
                }
            });
            var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Show what would be submitted and billed (items, modes, lengths), and send nothing." };
            var retryFailed = new Option<bool>("--retry-failed") { Description = "Submit again (billed) the items whose task failed in an earlier run." };
            var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing files at the items' outputs (otherwise refused before anything is submitted)." };
            var service = new ServiceOptions();
            var command = new Command("batch", "Generate many videos from a file of prompts, a few at a time, resumable from its journal.")
            {
                file, mode, duration, aspect, shape, outDir, journal, parallel, dryRun, retryFailed, overwrite,
            };
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(
                context,
                new BatchSettings(
                    parse.GetValue(file)!,
                    new BatchDefaults(parse.GetValue(mode), parse.GetValue(duration), parse.GetValue(aspect)),
                    parse.GetValue(shape) ?? RequestShape.Auto,
                    parse.GetValue(outDir),
                    parse.GetValue(journal),
                    parse.GetValue(parallel),
                    parse.GetValue(dryRun),
                    parse.GetValue(retryFailed),
                    parse.GetValue(overwrite),
                    parse.GetValue(service.ApiKey),
                    parse.GetValue(service.BaseUrl)),
                cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(CliContext context, BatchSettings settings, CancellationToken cancellationToken)
        {
            var file = Path.GetFullPath(settings.File);
            if (!File.Exists(file))
            {
                throw new CliUsageException($"Cannot read {file}: there is no such file.");
            }

            var outDir = Path.GetFullPath(settings.OutDir ?? ".");
            if (!Directory.Exists(outDir))
            {
                throw new CliUsageException($"The --out-dir folder {outDir} does not exist.");
            }

            var journalPath = Path.GetFullPath(settings.Journal ?? BatchJournal.DefaultPath(file));
            var items = BatchFile.Read(file, settings.Defaults);
            var service = ServiceConnection.IdentityOf(settings.ApiKey, settings.BaseUrl);
            var itemOptions = ItemOptions(settings.Defaults);
            if (settings.DryRun)
            {
                // The file and the journal alone: no connection, no simulator, no request.
                var (header, entries) = BatchJournal.Peek(journalPath);
                EnsureSameItemOptions(header, itemOptions, journalPath, settings);
                var plan = BatchPlan.Make(items, entries, outDir, settings.Overwrite, settings.RetryFailed, SimulatorRestarted(header?.Service, service, header is not null));
                DryRun.Write(context.Out, file, journalPath, header is not null, plan);
                return ExitCodes.Ok;
            }

            using var journal = BatchJournal.Open(journalPath, service, file, itemOptions, context.Time);
            EnsureSameItemOptions(journal.IsNew ? null : journal.Header, itemOptions, journal.Path, settings);
            var planned = BatchPlan.Make(items, journal.Entries, outDir, settings.Overwrite, settings.RetryFailed, SimulatorRestarted(journal.Header.Service, service, !journal.IsNew));
            if (planned.All(p => p.Action is ItemAction.Done or ItemAction.Failed))
            {
                // Nothing to submit, wait for or save: no connection (nor simulator) is needed.
                var settled = BatchRunner.Settled(planned, new BatchReporter(context.Error, items.Count));
                return await SummaryAsync(context, settled, journal.Path, ResumeCommand(settings)).ConfigureAwait(false);
            }

            await using var connection = await ServiceConnection.OpenAsync(settings.ApiKey, settings.BaseUrl, allowSimulator: true, context.Error, context.Time, cancellationToken, settings.Shape).ConfigureAwait(false);
            await context.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Batch of {items.Count} item{(items.Count == 1 ? string.Empty : "s")} from {file}, {settings.Parallel} at a time; journal {journal.Path}{(journal.IsNew ? string.Empty : " (resuming)")}.")).ConfigureAwait(false);

            var runner = new BatchRunner(connection, journal, new BatchReporter(context.Error, items.Count), settings.Overwrite, settings.Parallel);
            var resume = ResumeCommand(settings);
            System.Collections.Generic.IReadOnlyDictionary<PlannedItem, BatchOutcome> outcomes;
            try
            {
                outcomes = await runner.RunAsync(planned, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CliFailure(
                    ExitCodes.Cancelled,
                    string.Create(CultureInfo.InvariantCulture, $"Cancelled after {runner.Submits} submit{(runner.Submits == 1 ? string.Empty : "s")} in this run. ")
                        + (connection.IsSimulated
                            ? $"`{resume}` resumes the batch from its journal (the built-in simulator's tasks end with this run: they are submitted again, and nothing is billed)."
                            : $"Submitted tasks go on at the service; `{resume}` resumes the batch from its journal without submitting them again."));
            }

            return await SummaryAsync(context, outcomes, journal.Path, resume).ConfigureAwait(false);
        }

        private static async Task<int> SummaryAsync(CliContext context, System.Collections.Generic.IReadOnlyDictionary<PlannedItem, BatchOutcome> outcomes, string journal, string resume)
        {
            int Count(BatchOutcome outcome) => outcomes.Values.Count(o => o == outcome);
            var saved = Count(BatchOutcome.Saved);
            var earlier = Count(BatchOutcome.AlreadySaved);
            var failed = Count(BatchOutcome.Failed);
            var unfinished = Count(BatchOutcome.Unfinished);
            var notSubmitted = Count(BatchOutcome.NotSubmitted);
            var parts = new[]
            {
                string.Create(CultureInfo.InvariantCulture, $"{saved + earlier} saved") + (earlier > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({earlier} by an earlier run)") : string.Empty),
                failed > 0 ? string.Create(CultureInfo.InvariantCulture, $"{failed} failed") : null,
                unfinished > 0 ? string.Create(CultureInfo.InvariantCulture, $"{unfinished} unfinished") : null,
                notSubmitted > 0 ? string.Create(CultureInfo.InvariantCulture, $"{notSubmitted} not submitted") : null,
            };
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Batch: {outcomes.Count} items: {string.Join(", ", parts.Where(p => p is not null))}. Journal: {journal}.")).ConfigureAwait(false);
            if (unfinished + notSubmitted > 0)
            {
                await context.Out.WriteLineAsync($"`{resume}` goes on with the rest (nothing is submitted twice).").ConfigureAwait(false);
            }

            return saved + earlier == outcomes.Count ? ExitCodes.Ok : ExitCodes.Failed;
        }

        /// <summary>Whether the journal's tasks were the built-in simulator's, which ended with its last run.</summary>
        private static bool SimulatorRestarted(string? journalService, string service, bool resuming)
            => resuming && service == ServiceConnection.BuiltInSimulator && journalService == ServiceConnection.BuiltInSimulator;

        /// <summary>
        /// Refuses a run over a journal whose batch ran with other --mode, --duration or --aspect: every item's request, so
        /// its key, would differ from the journaled one, and every item not saved yet would be submitted again (billed).
        /// </summary>
        private static void EnsureSameItemOptions(JournalRecord? header, string itemOptions, string journal, BatchSettings settings)
        {
            if (header?.Options is { } ran && !string.Equals(ran, itemOptions, StringComparison.Ordinal))
            {
                throw new CliUsageException(
                    $"The journal {journal} is of a batch that ran with {Described(ran)}; this run has {Described(itemOptions)}, so its items would be "
                    + $"new requests and submitted again (billed). Resume it with `{ResumeCommand(settings, ran)}`, or give this run another --journal.");
            }

            static string Described(string options) => options.Length == 0 ? "no --mode, --duration or --aspect" : options;
        }

        /// <summary>Returns the options that shape every item's request (so its key): <c>--mode pro --duration 10</c>, or empty.</summary>
        private static string ItemOptions(BatchDefaults defaults)
            => string.Join(' ', new[]
            {
                defaults.Mode is { } mode ? "--mode " + mode.Value : null,
                defaults.Duration is { } duration ? "--duration " + duration.Seconds.ToString(CultureInfo.InvariantCulture) : null,
                defaults.AspectRatio is { } aspect ? "--aspect " + aspect.Value : null,
            }.Where(o => o is not null));

        /// <summary>
        /// Returns the command that resumes this batch: the same file, journal, folder, item options, shape, overwrite and
        /// service (never the key), so the run finds every item in the journal.
        /// </summary>
        private static string ResumeCommand(BatchSettings settings, string? itemOptions = null)
        {
            var words = new System.Collections.Generic.List<string> { "kling", "batch", Quoted(settings.File) };
            void Add(string option, string? value)
            {
                if (value is not null)
                {
                    words.Add(option);
                    words.Add(Quoted(value));
                }
            }

            Add("--journal", settings.Journal);
            Add("--out-dir", settings.OutDir);
            if ((itemOptions ?? ItemOptions(settings.Defaults)) is { Length: > 0 } options)
            {
                words.Add(options);
            }

            Add("--shape", settings.Shape == RequestShape.Auto ? null : Choices.Shapes.First(c => c.Value == settings.Shape).Word);
            if (settings.Overwrite)
            {
                words.Add("--overwrite");
            }

            Add("--base-url", settings.BaseUrl);
            return string.Join(' ', words);
        }

        /// <summary>Quotes a word for a POSIX shell when it needs it.</summary>
        private static string Quoted(string word)
            => word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:=@%+,".Contains(c, StringComparison.Ordinal))
                ? word
                : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private sealed record BatchSettings(
            string File,
            BatchDefaults Defaults,
            RequestShape Shape,
            string? OutDir,
            string? Journal,
            int Parallel,
            bool DryRun,
            bool RetryFailed,
            bool Overwrite,
            string? ApiKey,
            string? BaseUrl);
    }
}
