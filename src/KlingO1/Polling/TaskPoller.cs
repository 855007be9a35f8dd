using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Observability;
using Microsoft.Extensions.Logging;

namespace KlingO1.Polling
{
    /// <summary>
    /// Waits for tasks to end. Each wait is a small <see cref="PollWait"/> parked in the client's one
    /// <see cref="PollScheduler"/> between reads; a read goes through the transport's Polly status-read pipeline (retries,
    /// per-attempt timeout), and between reads the wait sleeps for the interval its strategy picks, within one deadline
    /// (<see cref="KlingPollingOptions.Timeout"/>) for the whole wait.
    /// </summary>
    /// <remarks>Thread-safe: one poller serves every wait of a client; each wait keeps its own state.</remarks>
    internal sealed class TaskPoller
    {
        private readonly KlingPollingOptions _options;
        private readonly Func<double> _nextUnitRandom;

        /// <param name="readTask">Reads a task once (retried within the read by the transport), with the permit the scheduler got for it.</param>
        /// <param name="judgeFailedRead">Tells whether a read that failed as a whole ends the wait or passes, and what wait the service asked for.</param>
        /// <param name="options">The polling settings, a copy of the client's.</param>
        /// <param name="time">The clock of intervals and deadlines.</param>
        /// <param name="nextUnitRandom">The jitter source (seeded in tests).</param>
        /// <param name="logger">Where to log.</param>
        /// <param name="permits">The caller's status-read limiter: the scheduler gets a permit before it releases each read; or null.</param>
        public TaskPoller(
            Func<string, PermitInHand?, CancellationToken, Task<VideoTask>> readTask,
            Func<Exception, ReadFailureVerdict> judgeFailedRead,
            KlingPollingOptions options,
            TimeProvider time,
            Func<double> nextUnitRandom,
            ILogger logger,
            RateLimiter? permits = null)
        {
            ReadTask = readTask;
            JudgeFailedRead = judgeFailedRead;
            Time = time;
            Logger = logger;
            _options = options;
            _nextUnitRandom = nextUnitRandom;
            // All waits of this client share one scheduler, so together they stay under the status-read rate.
            Scheduler = new PollScheduler(
                options.MaxStatusReadsPerSecond, time, options.UsesLongestDueScheduling ? ReadChoice.LongestDue : ReadChoice.MostLikelyEnded(options.MaxInterval), permits);
        }

        public PollScheduler Scheduler { get; }

        public Func<string, PermitInHand?, CancellationToken, Task<VideoTask>> ReadTask { get; }

        public Func<Exception, ReadFailureVerdict> JudgeFailedRead { get; }

        public TimeProvider Time { get; }

        public ILogger Logger { get; }

        public TimeSpan Timeout => _options.Timeout;

        /// <summary>Reads the task until it is completed or failed, and returns it.</summary>
        /// <param name="taskId">The task to wait for.</param>
        /// <param name="alreadySeen">A snapshot just received (from the submit), used as the first read; or null to read at once.</param>
        /// <param name="progress">Told of every snapshot whose status or progress differs from the one before.</param>
        /// <param name="cancellationToken">Ends the wait.</param>
        /// <param name="prior">What the request says about the task's running time (a wait started at its submit), or null.</param>
        /// <param name="carryTask">
        /// True when the caller does not know the task id yet (a wait right after its submit): every failure then carries
        /// the task, as <see cref="VideoTaskWaitException"/> or, for a cancellation, <see cref="VideoGenerationCanceledException"/>.
        /// </param>
        /// <exception cref="VideoTaskTimeoutException">The task did not end within the configured timeout.</exception>
        public async Task<VideoTask> WaitAsync(
            string taskId, VideoTask? alreadySeen, IProgress<VideoTask>? progress, CancellationToken cancellationToken, GenerationTimePrior? prior = null, bool carryTask = false)
        {
            using var span = SafeActivity.Start("KlingO1 wait");
            var activity = span.Activity;
            activity?.SetTag(TelemetryTags.Operation, "wait");
            activity?.SetTag(TelemetryTags.TaskId, taskId);
            var wait = new PollWait(this, taskId, progress, cancellationToken, prior);
            try
            {
                var final = await wait.Start(alreadySeen).ConfigureAwait(false);
                try
                {
                    wait.RecordEnd(activity);
                    if (final.Status == VideoTaskStatus.Failed)
                    {
                        // The wait ended, but on the outcome its callers are given as VideoTaskFailedException.
                        span.Fail(typeof(VideoTaskFailedException).FullName!);
                    }
                }
                catch (Exception)
                {
                    // A throwing meter or log listener must not turn a finished task into a failure.
                }

                return final;
            }
            catch (VideoTaskTimeoutException ex)
            {
                span.Fail(ex);
                throw;
            }
            catch (OperationCanceledException ex) when (carryTask && cancellationToken.IsCancellationRequested)
            {
                span.Fail(ex);
                Log.StoppedFollowing(Logger, taskId, "cancelled");
                var seen = wait.LastSeen ?? alreadySeen;
                throw new VideoGenerationCanceledException(taskId, seen, seen?.ClientBusinessId, ex, cancellationToken);
            }
            catch (Exception ex) when (carryTask && ex is not VideoTaskWaitException)
            {
                // error.type names what ended the wait, not the wrapper that carries the task to the caller.
                span.Fail(ex);
                Log.StoppedFollowing(Logger, taskId, ex.GetType().Name);
                throw new VideoTaskWaitException(taskId, wait.LastSeen ?? alreadySeen, ex);
            }
            catch (Exception ex)
            {
                // A failed task, a refused read, a cancellation: every wait that did not return ends its span failed.
                span.Fail(ex);
                throw;
            }
        }

        /// <summary>Yields the first snapshot of the task and then each change, until it ends (see <see cref="IKlingVideoClient.WatchAsync"/>).</summary>
        public async IAsyncEnumerable<VideoTask> WatchAsync(string taskId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var feed = new SnapshotFeed();
            var wait = WaitAsync(taskId, alreadySeen: null, feed, stop.Token);
            var drained = false;
            try
            {
                while (await feed.NextAsync(wait).ConfigureAwait(false) is { } snapshot)
                {
                    yield return snapshot;
                }

                drained = true;

                // Every snapshot has been yielded; a timeout or a refused read is thrown now, in order.
                await wait.ConfigureAwait(false);
            }
            finally
            {
                if (!drained)
                {
                    // The caller stopped early: end the wait (it leaves the scheduler at once) and observe how it ended.
                    stop.Cancel();
                    _ = wait.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        /// <summary>Gets what tells a new wait when to read next, by the configured strategy.</summary>
        /// <param name="prior">What the request says about the task's running time, or null when the wait does not know it.</param>
        internal PollingDelay NewDelay(GenerationTimePrior? prior) => PollingDelay.For(_options, _nextUnitRandom, prior);

        /// <summary>Gets the deadline of a wait started at <paramref name="start"/>, in UTC ticks (<see cref="long.MaxValue"/>: none).</summary>
        internal long DeadlineFrom(DateTimeOffset start)
            => _options.Timeout == System.Threading.Timeout.InfiniteTimeSpan || _options.Timeout.Ticks > long.MaxValue - start.UtcTicks
                ? long.MaxValue
                : start.UtcTicks + _options.Timeout.Ticks;
    }
}
