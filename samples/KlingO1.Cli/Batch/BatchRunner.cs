using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Output;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// Runs a batch's plan, at most `--parallel` items at a time. Each submit's business id is journaled before the submit
    /// is sent and its task id as soon as it is accepted, so whatever stops the run, the next one submits nothing twice:
    /// it waits for journaled tasks, and looks up by business id a submit whose answer it never saw.
    /// </summary>
    internal sealed class BatchRunner
    {
        private readonly ServiceConnection _connection;
        private readonly BatchJournal _journal;
        private readonly BatchReporter _reporter;
        private readonly bool _overwrite;
        private readonly int _parallel;
        private int _stopSubmitting;
        private int _submits;

        public BatchRunner(ServiceConnection connection, BatchJournal journal, BatchReporter reporter, bool overwrite, int parallel)
        {
            _connection = connection;
            _journal = journal;
            _reporter = reporter;
            _overwrite = overwrite;
            _parallel = parallel;
        }

        /// <summary>Gets how many submits this run sent (each billed).</summary>
        public int Submits => Volatile.Read(ref _submits);

        /// <summary>Runs every item and returns how each ended; cancelling stops at once (the journal has every step so far).</summary>
        public async Task<IReadOnlyDictionary<PlannedItem, BatchOutcome>> RunAsync(IReadOnlyList<PlannedItem> plan, CancellationToken cancellationToken)
        {
            var outcomes = new ConcurrentDictionary<PlannedItem, BatchOutcome>(Settled(plan, _reporter));

            _connection.Notices.Listen(_reporter.Notice);
            try
            {
                var work = plan.Where(p => p.Action is ItemAction.Submit or ItemAction.LookUp or ItemAction.Resume).ToList();
                var options = new ParallelOptions { MaxDegreeOfParallelism = _parallel, CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(work, options, async (item, token) => outcomes[item] = await RunItemAsync(item, token).ConfigureAwait(false)).ConfigureAwait(false);
            }
            finally
            {
                _connection.Notices.Listen(null);
            }

            return outcomes;
        }

        /// <summary>Reports the items an earlier run ended, and returns how they ended.</summary>
        public static Dictionary<PlannedItem, BatchOutcome> Settled(IReadOnlyList<PlannedItem> plan, BatchReporter reporter)
        {
            var settled = new Dictionary<PlannedItem, BatchOutcome>();
            foreach (var item in plan.Where(p => p.Action is ItemAction.Done or ItemAction.Failed))
            {
                settled[item] = item.Action == ItemAction.Done ? BatchOutcome.AlreadySaved : BatchOutcome.Failed;
                reporter.Line(item, item.Action == ItemAction.Done
                    ? $"already saved: {item.Out}"
                    : $"failed in an earlier run ({item.Entry?.Failure}); not submitted again (--retry-failed submits it again)");
            }

            return settled;
        }

        private async Task<BatchOutcome> RunItemAsync(PlannedItem item, CancellationToken cancellationToken)
        {
            VideoGenerationOperation? operation = null;
            var submitting = false;
            try
            {
                operation = item.Action switch
                {
                    ItemAction.Resume => Resume(item, item.Entry!.TaskId!),
                    ItemAction.LookUp => await LookUpAsync(item, cancellationToken).ConfigureAwait(false),
                    _ => null,
                };
                if (operation is null)
                {
                    if (Volatile.Read(ref _stopSubmitting) != 0)
                    {
                        _reporter.Line(item, "not submitted: the batch stopped submitting (see above)");
                        return BatchOutcome.NotSubmitted;
                    }

                    submitting = true;
                    operation = await SubmitAsync(item, item.Action == ItemAction.LookUp ? item.Entry!.Attempt : item.NextAttempt, cancellationToken).ConfigureAwait(false);
                }

                var finished = await operation.WaitForCompletionAsync(_reporter.Progress(item, operation.Id), cancellationToken).ConfigureAwait(false);
                if (!_overwrite && File.Exists(item.Out))
                {
                    // Only a task resumed from the journal gets here (a file in the way of a new submit stops the batch first).
                    return await AdoptOrKeepAsync(item, finished, cancellationToken).ConfigureAwait(false);
                }

                var bytes = await VideoSaver.SaveAsync(_connection, finished, item.Out, _overwrite, cancellationToken).ConfigureAwait(false);
                _journal.Append(new JournalRecord { Type = JournalRecord.SavedType, Key = item.Item.Key, TaskId = finished.Id, Out = item.Out, Bytes = bytes });
                _reporter.Line(item, string.Create(CultureInfo.InvariantCulture, $"saved {item.Out} ({bytes:N0} bytes) from task {finished.Id}"));
                return BatchOutcome.Saved;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (VideoTaskFailedException failed)
            {
                var reason = failed.Task.Error?.ToString() ?? "the service gave no reason";
                _journal.Append(new JournalRecord { Type = JournalRecord.FailedType, Key = item.Item.Key, TaskId = failed.TaskId, Reason = reason });
                _reporter.Line(item, $"task {failed.TaskId} failed: {reason}");
                return BatchOutcome.Failed;
            }
            catch (CliFailure saving)
            {
                _reporter.Line(item, saving.Message.Replace("error: ", string.Empty, StringComparison.Ordinal) + " The next run saves it.");
                return BatchOutcome.Unfinished;
            }
            catch (Exception ex) when (submitting && operation is null && ex is KlingAuthenticationException or KlingInsufficientBalanceException)
            {
                // Every later submit would be refused alike: stop submitting, finish what is under way.
                Interlocked.Exchange(ref _stopSubmitting, 1);
                _reporter.Line(item, "not submitted, and the batch submits no more: " + SdkWords.Translate(ex.Message));
                return BatchOutcome.NotSubmitted;
            }
            catch (Exception refused) when (submitting && operation is null && refused is KlingApiException or NotSupportedException or ArgumentException)
            {
                // Refused before a task existed (by the service, or by the SDK before sending: a shape that cannot carry the
                // request): nothing billed; the next run asks by business id, then submits it.
                _reporter.Line(item, "not submitted: " + SdkWords.Translate(refused.Message));
                return BatchOutcome.NotSubmitted;
            }
            catch (Exception ex) when (ex is KlingException or IOException or HttpRequestException or OperationCanceledException or ArgumentException or NotSupportedException)
            {
                var report = ErrorReport.Describe(ex, cancellationToken)?.Message ?? ex.Message;
                _reporter.Line(item, report.Replace("error: ", string.Empty, StringComparison.Ordinal) + " The next run goes on with it without submitting it again.");
                return BatchOutcome.Unfinished;
            }
        }

        /// <summary>
        /// A resumed task whose output exists: its own video saved just before a crash (journaled as saved now), or someone
        /// else's file (kept, and the task's video left for `kling download`).
        /// </summary>
        private async Task<BatchOutcome> AdoptOrKeepAsync(PlannedItem item, VideoTask finished, CancellationToken cancellationToken)
        {
            var (same, bytes) = await VideoSaver.IsAlreadyThereAsync(_connection, finished, item.Out, cancellationToken).ConfigureAwait(false);
            if (!same)
            {
                _reporter.Line(item, VideoSaver.Kept(_connection, item.Out, finished.Id));
                return BatchOutcome.Unfinished;
            }

            _journal.Append(new JournalRecord { Type = JournalRecord.SavedType, Key = item.Item.Key, TaskId = finished.Id, Out = item.Out, Bytes = bytes });
            _reporter.Line(item, string.Create(CultureInfo.InvariantCulture, $"saved {item.Out} ({bytes:N0} bytes) from task {finished.Id} (it was there already: an earlier run saved it)"));
            return BatchOutcome.Saved;
        }

        private async Task<VideoGenerationOperation> SubmitAsync(PlannedItem item, int attempt, CancellationToken cancellationToken)
        {
            var businessId = BatchKeys.BusinessId(_journal.Header.Batch!, item.Item.Key, attempt);

            // Journaled (and on disk) before the submit is sent: whatever happens next, the next run can find the task.
            _journal.Append(new JournalRecord
            {
                Type = JournalRecord.SubmittingType,
                Key = item.Item.Key,
                Line = item.Item.Line,
                Attempt = attempt,
                BusinessId = businessId,
                Mode = item.ModeWord,
                Duration = item.Seconds,
                Out = item.Out,
            });
            Interlocked.Increment(ref _submits);
            var operation = await _connection.Client.StartGenerationAsync(item.Item.Spec.ToRequest(businessId), cancellationToken).ConfigureAwait(false);
            _journal.Append(new JournalRecord { Type = JournalRecord.SubmittedType, Key = item.Item.Key, TaskId = operation.Id });
            _reporter.Line(item, string.Create(CultureInfo.InvariantCulture, $"submitted {operation.Id} ({item.ModeWord}, {item.Seconds} s) -> {item.Out}"));
            return operation;
        }

        /// <summary>Finds the task of a submit whose answer was never journaled, or returns null when none exists.</summary>
        private async Task<VideoGenerationOperation?> LookUpAsync(PlannedItem item, CancellationToken cancellationToken)
        {
            var businessId = item.Entry!.BusinessId!;
            VideoTask task;
            try
            {
                task = await _connection.Client.GetTaskAsync(businessId, cancellationToken).ConfigureAwait(false);
            }
            catch (KlingNotFoundException)
            {
                _reporter.Line(item, $"no task has business id {businessId}: its earlier submit never arrived, so it is submitted now");
                return null;
            }

            _journal.Append(new JournalRecord { Type = JournalRecord.SubmittedType, Key = item.Item.Key, TaskId = task.Id });
            _reporter.Line(item, $"found task {task.Id} by business id {businessId} (submitted by an earlier run; not billed again)");
            return Resume(item, task.Id, announce: false);
        }

        private VideoGenerationOperation Resume(PlannedItem item, string taskId, bool announce = true)
        {
            if (announce)
            {
                _reporter.Line(item, $"resuming task {taskId} (submitted by an earlier run; not billed again)");
            }

            VideoMode? mode = item.Entry?.Mode is { Length: > 0 } word ? new VideoMode(word) : null;
            VideoDuration? duration = item.Entry?.Duration is { } seconds && Options.Choices.Find(Options.Choices.Durations, seconds.ToString(CultureInfo.InvariantCulture)) is { } known ? known.Value : null;
            return _connection.Client.ResumeGeneration(taskId, mode, duration);
        }
    }
}
