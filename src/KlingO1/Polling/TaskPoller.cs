using System;
using System.Threading;
using System.Threading.Tasks;
using System.Diagnostics;
using System.Net.Http;
using KlingO1.Observability;
using Microsoft.Extensions.Logging;
using KlingO1.Transport.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KlingO1.Polling
{
    /// <summary>
    /// Waits for a task to end by reading it again and again through a Polly v8 pipeline: a retry strategy that
    /// treats every non-final snapshot as "not yet" and sleeps by <see cref="PollingBackoff"/>, inside one timeout
    /// that bounds the whole wait. Errors from a read are not retried here; they end the wait as they are.
    /// </summary>
    /// <remarks>Thread-safe: one pipeline serves every wait of a client; each wait keeps its own state.</remarks>
    internal sealed class TaskPoller
    {
        private readonly ResiliencePipeline<VideoTask> _pipeline;
        private readonly Func<string, CancellationToken, Task<VideoTask>> _readTask;
        private readonly TimeSpan _timeout;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly PollingOptions _options;
        private readonly Func<double> _nextUnitRandom;
        private static readonly ResiliencePropertyKey<Wait> WaitKey = new("KlingO1.Wait");

        public TaskPoller(
            Func<string, CancellationToken, Task<VideoTask>> readTask,
            PollingOptions options,
            TimeProvider time,
            Func<double> nextUnitRandom,
            ILogger logger)
        {
            // All waits of this client share one pacer, so together they stay under the status-read rate.
            var pacer = new StatusReadPacer(options.MaxStatusReadsPerSecond, time);
            _readTask = async (taskId, token) =>
            {
                await pacer.WaitTurnAsync(token).ConfigureAwait(false);
                return await readTask(taskId, token).ConfigureAwait(false);
            };
            _time = time;
            _logger = logger;
            _options = options;
            _nextUnitRandom = nextUnitRandom;
            _timeout = options.Timeout;
            var backoff = new PollingBackoff(options.InitialDelay, options.MaxInterval, nextUnitRandom);
            var builder = new ResiliencePipelineBuilder<VideoTask> { TimeProvider = time };
            if (options.Timeout != Timeout.InfiniteTimeSpan)
            {
                builder.AddTimeout(options.Timeout);
            }

            _pipeline = builder
                .AddRetry(new RetryStrategyOptions<VideoTask>
                {
                    // Poll again while the task runs, and when a read failed in passing (the read itself has already
                    // retried): a wait survives a flaky minute. 401/402/404 and other refusals end it at once.
                    ShouldHandle = static args => new ValueTask<bool>(
                        args.Outcome.Exception is { } exception ? IsPassing(exception) : args.Outcome.Result is { IsTerminal: false }),
                    MaxRetryAttempts = int.MaxValue,
                    DelayGenerator = args =>
                    {
                        var delay = args.Context.Properties.TryGetValue(WaitKey, out var wait) && wait.Schedule is { } schedule
                            ? schedule.DelayAfter(args.Outcome.Result ?? wait.LastSeen, time.GetUtcNow())
                            : backoff.DelayBefore(args.AttemptNumber);

                        // A rate limit the read could not wait out itself (Retry-After beyond its cap) is waited out here.
                        return new ValueTask<TimeSpan?>(
                            args.Outcome.Exception is KlingRateLimitException { RetryAfter: { } asked } && asked > delay ? asked : delay);
                    },
                })
                .Build();
        }

        internal static bool IsPassing(Exception exception) => exception switch
        {
            KlingApiException api => TransientFailures.IsTransientStatus(api.StatusCode),
            KlingTimeoutException or HttpRequestException or System.IO.IOException => true,
            _ => false,
        };

        /// <summary>Reads the task until it is completed or failed, and returns it.</summary>
        /// <param name="taskId">The task to wait for.</param>
        /// <param name="alreadySeen">A snapshot just received (from the submit), used as the first read; or null to read at once.</param>
        /// <param name="progress">Told of every snapshot whose status or progress differs from the one before.</param>
        /// <param name="cancellationToken">Ends the wait.</param>
        /// <exception cref="VideoTaskTimeoutException">The task did not end within the configured timeout.</exception>
        public async Task<VideoTask> WaitAsync(
            string taskId, VideoTask? alreadySeen, IProgress<VideoTask>? progress, CancellationToken cancellationToken)
        {
            using var activity = Instruments.Source.StartActivity("KlingO1 wait");
            activity?.SetTag("klingo1.task_id", taskId);
            var schedule = _options.Strategy == PollingStrategy.ProgressAware
                ? new ProgressAwareSchedule(_options.InitialDelay, _options.MaxInterval, _nextUnitRandom)
                : null;
            var wait = new Wait(taskId, alreadySeen, progress, _readTask, _time, _logger, schedule);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(WaitKey, wait);
            try
            {
                var final = await _pipeline
                    .ExecuteAsync(static (context, state) => state.NextSnapshotAsync(context.CancellationToken), context, wait)
                    .ConfigureAwait(false);
                wait.RecordEnd(activity);
                return final;
            }
            catch (TimeoutRejectedException ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, "timed out");
                throw new VideoTaskTimeoutException(taskId, wait.LastSeen, _timeout, ex);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>The state of one wait: what was seen last, whom to tell about changes, and what to measure.</summary>
        private sealed class Wait
        {
            private readonly string _taskId;
            private readonly IProgress<VideoTask>? _progress;
            private readonly Func<string, CancellationToken, Task<VideoTask>> _readTask;
            private readonly TimeProvider _time;
            private readonly ILogger _logger;
            private readonly long _started;
            private VideoTask? _pending;
            private DateTimeOffset? _seenRunningAt;
            private int _reads;

            public Wait(
                string taskId,
                VideoTask? alreadySeen,
                IProgress<VideoTask>? progress,
                Func<string, CancellationToken, Task<VideoTask>> readTask,
                TimeProvider time,
                ILogger logger,
                ProgressAwareSchedule? schedule)
            {
                Schedule = schedule;
                _taskId = taskId;
                _pending = alreadySeen;
                _progress = progress;
                _readTask = readTask;
                _time = time;
                _logger = logger;
                _started = time.GetTimestamp();
            }

            public VideoTask? LastSeen { get; private set; }

            /// <summary>Gets the progress-aware schedule, or null when the wait backs off exponentially.</summary>
            public ProgressAwareSchedule? Schedule { get; }

            public async ValueTask<VideoTask> NextSnapshotAsync(CancellationToken cancellationToken)
            {
                var snapshot = _pending ?? await ReadAsync(cancellationToken).ConfigureAwait(false);
                _pending = null;
                if (LastSeen is null || LastSeen.Status != snapshot.Status || LastSeen.Progress != snapshot.Progress)
                {
                    _progress?.Report(snapshot);
                }

                if (LastSeen is null || LastSeen.Status != snapshot.Status)
                {
                    Log.StatusChanged(_logger, _taskId, snapshot.Status.Value, snapshot.Progress);
                }

                if (_seenRunningAt is null && snapshot.Status == VideoTaskStatus.InProgress)
                {
                    _seenRunningAt = _time.GetUtcNow();
                    Instruments.QueuedSeconds.Record(Positive(_seenRunningAt.Value - snapshot.CreatedAt));
                }

                LastSeen = snapshot;
                return snapshot;
            }

            /// <summary>Measures the ended wait: durations, how late the end was seen, and how many reads it took.</summary>
            public void RecordEnd(Activity? activity)
            {
                var final = LastSeen!;
                var now = _time.GetUtcNow();
                var ended = final.CompletedAt ?? now;
                if (_seenRunningAt is { } running)
                {
                    Instruments.RunningSeconds.Record(Positive(ended - running));
                }

                double? lag = final.CompletedAt is { } completed ? Positive(now - completed) : null;
                if (lag is { } seconds)
                {
                    Instruments.DetectionLagSeconds.Record(seconds);
                }

                Log.WaitEnded(_logger, _taskId, final.Status.Value, _time.GetElapsedTime(_started), _reads);
                if (activity is not null)
                {
                    activity.SetTag("klingo1.status", final.Status.Value);
                    activity.SetTag("klingo1.polls", _reads);
                    if (lag is { } value)
                    {
                        activity.SetTag("klingo1.detection_lag_ms", (long)(value * 1000));
                    }
                }
            }

            private static double Positive(TimeSpan span) => span > TimeSpan.Zero ? span.TotalSeconds : 0;

            private async Task<VideoTask> ReadAsync(CancellationToken cancellationToken)
            {
                _reads++;
                try
                {
                    return await _readTask(_taskId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsPassing(ex))
                {
                    Log.ReadFailureAbsorbed(_logger, _taskId, ex.Message);
                    throw;
                }
            }
        }
    }
}
