using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Observability;

namespace KlingO1.Polling
{
    /// <summary>
    /// One wait for one task: parked in the client's <see cref="PollScheduler"/> between reads, it reads when released,
    /// reports changes, and either parks again for the interval its schedule picks or ends. A small object, no loop and
    /// no timer of its own; its deadline is kept by the scheduler while parked and by the read's token while reading.
    /// </summary>
    /// <remarks>
    /// Ends exactly once, whichever comes first: the task completes or fails (result), a read is refused (exception),
    /// the deadline passes (<see cref="VideoTaskTimeoutException"/>) or the caller cancels. Reads of one wait never
    /// overlap, so the read state needs no lock; only the end is raced, and settled by <see cref="_ended"/>.
    /// </remarks>
    internal sealed class PollWait : ScheduledWait
    {
        private static readonly ContextCallback StartReadInContext = static state => ((PollWait)state!).StartRead();
        private static readonly Action<object?> CancelWait = static state => ((PollWait)state!).Cancel();
        private static readonly Action<object?> CancelSource = static state => ((CancellationTokenSource)state!).Cancel();

        private readonly TaskPoller _poller;
        private readonly string _taskId;
        private readonly IProgress<VideoTask>? _progress;
        private readonly CancellationToken _cancellationToken;
        private readonly PollingDelay _delay;
        private readonly TaskCompletionSource<VideoTask> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly long _started;
        private ExecutionContext? _context;
        private CancellationTokenRegistration _cancellation;
        private DateTimeOffset? _seenRunningAt;
        private int _reads;
        private int _ended;

        public PollWait(TaskPoller poller, string taskId, IProgress<VideoTask>? progress, CancellationToken cancellationToken, GenerationTimePrior? prior = null)
            : base(poller.DeadlineFrom(poller.Time.GetUtcNow()))
        {
            _poller = poller;
            _taskId = taskId;
            _progress = progress;
            _cancellationToken = cancellationToken;
            _delay = poller.NewDelay(prior);
            _started = poller.Time.GetTimestamp();
        }

        /// <summary>Gets the task as last read, or null before the first read.</summary>
        public VideoTask? LastSeen { get; private set; }

        /// <summary>
        /// Starts the wait: with a snapshot just received (from the submit) it parks until the next read; otherwise it
        /// asks for a read at once (released at once unless the client is at its read rate).
        /// </summary>
        public Task<VideoTask> Start(VideoTask? alreadySeen)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<VideoTask>(_cancellationToken);
            }

            // Reads run from the scheduler's timer; they run in the context of the caller (its Activity, logging scopes).
            _context = ExecutionContext.Capture();
            if (_cancellationToken.CanBeCanceled)
            {
                _cancellation = _cancellationToken.Register(CancelWait, this);
            }

            if (alreadySeen is null)
            {
                _poller.Scheduler.Park(this, _poller.Time.GetUtcNow());
            }
            else
            {
                Deliver(alreadySeen);
            }

            return _done.Task;
        }

        /// <inheritdoc />
        public override void OnReadDue()
        {
            if (_context is null)
            {
                StartRead();
            }
            else
            {
                ExecutionContext.Run(_context.CreateCopy(), StartReadInContext, this);
            }
        }

        /// <inheritdoc />
        public override void OnDeadlinePassed() => TimeOut(innerException: null);

        /// <inheritdoc />
        public override void OnClosed()
            => EndWith(new ObjectDisposedException(
                nameof(KlingVideoClient),
                $"The client was disposed while waiting for video task {_taskId}; the task goes on at the service: resume with another client and the same id."));

        /// <summary>Measures the ended wait: durations, how late the end was seen, and how many reads it took.</summary>
        public void RecordEnd(Activity? activity)
        {
            var final = LastSeen!;
            var time = _poller.Time;
            var now = time.GetUtcNow();
            var ended = final.CompletedAt ?? now;
            if (_seenRunningAt is { } running)
            {
                Instruments.RunningSeconds.Record(Positive(ended - running).TotalSeconds);
            }

            // Kept as a TimeSpan: the tag's milliseconds come from ticks, not from rounded seconds times 1000.
            TimeSpan? lag = final.CompletedAt is { } completed ? Positive(now - completed) : null;
            if (lag is { } span)
            {
                Instruments.DetectionLagSeconds.Record(span.TotalSeconds);
            }

            Instruments.WaitPolls.Record(_reads);
            Log.WaitEnded(_poller.Logger, _taskId, final.Status.Value, time.GetElapsedTime(_started), _reads);
            if (activity is not null)
            {
                activity.SetTag("klingo1.status", final.Status.Value);
                activity.SetTag("klingo1.polls", _reads);
                if (lag is { } value)
                {
                    activity.SetTag("klingo1.detection_lag_ms", (long)value.TotalMilliseconds);
                }
            }
        }

        private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

        // Fire and forget by design: ReadAsync handles every outcome itself and ends the wait through _done.
        private void StartRead() => _ = ReadAsync();

        private async Task ReadAsync()
        {
            // The permit the scheduler got for this read, if the client has a status-read limiter: taken now, so a wait
            // that ended meanwhile gives it back rather than holding it.
            var permit = TakePermit();
            if (Volatile.Read(ref _ended) != 0)
            {
                permit?.Release();
                return;
            }

            _reads++;
            VideoTask snapshot;
            var remaining = RemainingAt(_poller.Time.GetUtcNow().UtcTicks);
            var deadline = remaining is { } left ? ReadDeadline.Start(left, _poller.Time) : default;
            var linked = deadline.Source is { } source && _cancellationToken.CanBeCanceled ? _cancellationToken.Register(CancelSource, source) : default;
            try
            {
                snapshot = await _poller.ReadTask(_taskId, permit, deadline.TokenOr(_cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var deadlinePassed = deadline.Passed;
                try
                {
                    OnReadFailed(ex, deadlinePassed);
                }
                catch (Exception fromCallersCode)
                {
                    EndWith(fromCallersCode);
                }

                return;
            }
            finally
            {
                permit?.Release();
                linked.Dispose();
                deadline.Dispose();
            }

            Deliver(snapshot);
        }

        /// <summary>
        /// Takes a snapshot in. It calls the caller's code (its IProgress, its logger); if that throws, the wait ends with
        /// the exception, as it did when the wait was a loop in the caller's flow. Nothing escapes into the scheduler,
        /// and no wait is left hanging.
        /// </summary>
        private void Deliver(VideoTask snapshot)
        {
            try
            {
                OnSnapshot(snapshot);
            }
            catch (Exception fromCallersCode)
            {
                EndWith(fromCallersCode);
            }
        }

        private void OnReadFailed(Exception exception, bool deadlinePassed)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                Cancel();
            }
            else if (deadlinePassed)
            {
                TimeOut(exception);
            }
            else if (_poller.JudgeFailedRead(exception) is { Passes: true } verdict)
            {
                // The read has already retried; the wait survives a flaky minute and polls on.
                Log.ReadFailureAbsorbed(_poller.Logger, _taskId, exception.Message);
                ParkAfter(LastSeen, verdict.RetryAfter);
            }
            else
            {
                // 401/402/404 and other refusals end the wait at once, as they are.
                EndWith(exception);
            }
        }

        private void OnSnapshot(VideoTask snapshot)
        {
            if (Volatile.Read(ref _ended) != 0)
            {
                return;
            }

            // Seen before the caller's code runs: if that throws, the exception carries this snapshot, not the one before.
            var previous = LastSeen;
            LastSeen = snapshot;
            if (previous is null || previous.Status != snapshot.Status || previous.Progress != snapshot.Progress)
            {
                _progress?.Report(snapshot);
            }

            if (previous is null || previous.Status != snapshot.Status)
            {
                Log.StatusChanged(_poller.Logger, _taskId, snapshot.Status.Value, snapshot.Progress);
            }

            if (_seenRunningAt is null && snapshot.Status == VideoTaskStatus.InProgress)
            {
                _seenRunningAt = _poller.Time.GetUtcNow();
                Instruments.QueuedSeconds.Record(Positive(_seenRunningAt.Value - snapshot.CreatedAt).TotalSeconds);
            }

            if (!snapshot.IsTerminal)
            {
                ParkAfter(snapshot, retryAfter: null);
            }
            else if (TryEnd())
            {
                _done.TrySetResult(snapshot);
            }
        }

        /// <summary>Parks the wait until its next read: the strategy's interval, or longer when the service asked for it.</summary>
        private void ParkAfter(VideoTask? lastSeen, TimeSpan? retryAfter)
            => _poller.Scheduler.Park(this, _delay.NextReadAt(lastSeen, _poller.Time.GetUtcNow(), retryAfter), _delay.EstimatedEnd, _delay.EstimateFromPriorAlone);

        private void EndWith(Exception exception)
        {
            if (TryEnd())
            {
                _done.TrySetException(exception);
            }
        }

        private void TimeOut(Exception? innerException)
        {
            if (TryEnd())
            {
                _done.TrySetException(new VideoTaskTimeoutException(_taskId, LastSeen, _poller.Timeout, innerException));
            }
        }

        private void Cancel()
        {
            if (TryEnd())
            {
                _done.TrySetCanceled(_cancellationToken);
            }
        }

        /// <summary>Claims the end of the wait: true for the first caller only, who then settles <see cref="_done"/>.</summary>
        private bool TryEnd()
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return false;
            }

            _poller.Scheduler.Stop(this);
            _cancellation.Dispose();
            return true;
        }
    }
}
