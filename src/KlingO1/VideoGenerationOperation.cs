using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// One video generation at the service: what <see cref="IKlingVideoClient.StartGenerationAsync"/> returns as soon as the
    /// task exists, and what <see cref="IKlingVideoClient.ResumeGeneration"/> rebuilds from a stored id. It knows the task id
    /// at once, keeps the latest snapshot it has seen, and updates, waits for, follows and downloads the task.
    /// </summary>
    /// <remarks>
    /// <para>
    /// One rule for a failed task, everywhere: a <em>wait</em> that ends in a failed task throws
    /// <see cref="VideoTaskFailedException"/>, carrying the task; a <em>read</em> (<see cref="UpdateAsync"/>,
    /// <see cref="WatchAsync"/>, <see cref="IKlingVideoClient.GetTaskAsync"/>) reports the failed snapshot as it is.
    /// </para>
    /// <para>
    /// To resume after a restart, store <see cref="Id"/> with <see cref="Mode"/> and <see cref="Duration"/> and pass them to
    /// <see cref="IKlingVideoClient.ResumeGeneration"/>: the wait then expects the running time of that mode and length, as
    /// it did before the restart.
    /// </para>
    /// <para>
    /// Thread-safe. The members are virtual and the parameterless constructor protected so that a mocking library can stand
    /// in for an operation in your tests.
    /// </para>
    /// </remarks>
    public class VideoGenerationOperation
    {
        private readonly KlingVideoClient _client = null!;
        private readonly string _id = null!;
        private VideoTask? _latest;

        // A snapshot that came with the submit's answer is as fresh as a read: the first wait starts from it instead of reading.
        private int _submitSnapshotUnused;

        /// <summary>For mocking: an operation whose members a test double overrides.</summary>
        protected VideoGenerationOperation()
        {
        }

        internal VideoGenerationOperation(KlingVideoClient client, string id, VideoTask? submitted, VideoMode? mode, VideoDuration? duration)
        {
            _client = client;
            _id = id;
            _latest = submitted;
            _submitSnapshotUnused = submitted is null ? 0 : 1;
            Mode = mode;
            Duration = duration;
        }

        /// <summary>Gets the task id: store it to resume the operation later (see <see cref="IKlingVideoClient.ResumeGeneration"/>).</summary>
        public virtual string Id => _id;

        /// <summary>
        /// Gets the latest snapshot this operation has seen (from the submit, an update, a wait or a watch), or
        /// <see langword="null"/> for an operation resumed from its id that has not read the task yet.
        /// </summary>
        public virtual VideoTask? Latest => Volatile.Read(ref _latest);

        /// <summary>Gets whether the latest snapshot is completed or failed (an ended task does not change again).</summary>
        public virtual bool HasCompleted => Latest?.Status.IsTerminal == true;

        /// <summary>
        /// Gets the mode the request asked for (the service's default when it named none), or <see langword="null"/> when the
        /// operation was resumed without one. With <see cref="Duration"/> it tells the wait how long the task should take.
        /// </summary>
        public virtual VideoMode? Mode { get; }

        /// <summary>Gets the length of video the request asked for, or <see langword="null"/> when not known.</summary>
        public virtual VideoDuration? Duration { get; }

        /// <summary>Reads the task once (<c>GET /v1/videos/generations/{id}</c>) and keeps the snapshot as <see cref="Latest"/>.</summary>
        /// <param name="cancellationToken">Cancels the read.</param>
        /// <returns>The task as the service has it now; a failed task is returned, not thrown.</returns>
        /// <exception cref="KlingNotFoundException">The service does not know the task.</exception>
        /// <exception cref="KlingApiException">The service answered with another error or unreadably.</exception>
        public virtual async Task<VideoTask> UpdateAsync(CancellationToken cancellationToken = default)
            => Keep(await _client.GetTaskAsync(_id, cancellationToken).ConfigureAwait(false));

        /// <summary>
        /// Waits until the task is completed, and returns it (at once when <see cref="Latest"/> is already completed). Reads
        /// are paced by the client's schedule and shared status-read rate, and expect the running time of
        /// <see cref="Mode"/> and <see cref="Duration"/> when they are known.
        /// </summary>
        /// <param name="progress">Told of every snapshot whose status or progress changed, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Ends the wait (the task itself goes on at the service).</param>
        /// <returns>The completed task, with its <see cref="VideoTask.VideoUrl"/>.</returns>
        /// <exception cref="VideoTaskFailedException">The task failed; the exception carries it and the service's reason.</exception>
        /// <exception cref="VideoTaskTimeoutException">The task did not end within <see cref="KlingPollingOptions.Timeout"/>.</exception>
        /// <exception cref="KlingApiException">A read was refused (401, 402, 404, ...); the wait ends with it.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed; the task goes on: resume it with another client.</exception>
        public virtual async Task<VideoTask> WaitForCompletionAsync(IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default)
            => Keep(await WaitAsync(progress, carryTask: false, cancellationToken).ConfigureAwait(false));

        /// <summary>
        /// Follows the task as a stream: yields its first snapshot, then each one whose status or progress changed, and ends
        /// after the one in which it is completed or failed (a failed task is yielded, not thrown). Each snapshot becomes
        /// <see cref="Latest"/>.
        /// </summary>
        /// <param name="cancellationToken">Ends the stream (the task itself goes on at the service).</param>
        /// <returns>The task's snapshots as they change.</returns>
        public virtual async IAsyncEnumerable<VideoTask> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var snapshot in _client.WatchAsync(_id, cancellationToken).ConfigureAwait(false))
            {
                yield return Keep(snapshot);
            }
        }

        /// <summary>
        /// Streams the finished video (MP4) into <paramref name="destination"/>, first waiting for the task to complete when
        /// <see cref="Latest"/> is not completed yet.
        /// </summary>
        /// <param name="destination">Where to write; not disposed.</param>
        /// <param name="progress">Told of the bytes written so far, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Ends the wait or the download.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="VideoTaskFailedException">The task failed, so there is no video.</exception>
        /// <exception cref="VideoExpiredException">The video's link has expired (the service keeps videos for a limited time).</exception>
        public virtual async Task<long> DownloadVideoAsync(Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            Guard.NotNull(destination);
            var completed = await CompletedAsync(cancellationToken).ConfigureAwait(false);
            return await _client.DownloadVideoAsync(completed, destination, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Streams the finished video (MP4) into a file, first waiting for the task to complete when <see cref="Latest"/> is
        /// not completed yet. The file appears only when the whole video arrived.
        /// </summary>
        /// <param name="filePath">The file to write (replaced if it exists).</param>
        /// <param name="progress">Told of the bytes written so far, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Ends the wait or the download.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="VideoTaskFailedException">The task failed, so there is no video.</exception>
        /// <exception cref="VideoExpiredException">The video's link has expired (the service keeps videos for a limited time).</exception>
        public virtual async Task<long> DownloadVideoAsync(string filePath, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(filePath))
            {
                throw new ArgumentException("Give the path of the file to write the video to, for example \"video.mp4\".", nameof(filePath));
            }

            var completed = await CompletedAsync(cancellationToken).ConfigureAwait(false);
            return await _client.DownloadVideoAsync(completed, filePath, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Returns the task id and, when known, its latest status and progress (nothing secret).</summary>
        /// <returns>For example <c>video_123 (in_progress, 40%)</c>.</returns>
        public override string ToString()
            => Latest is { } latest ? $"{Id} ({latest.Status}, {latest.Progress}%)" : Id + " (not read yet)";

        /// <summary>The wait <see cref="IKlingVideoClient.GenerateAsync"/> runs: as <see cref="WaitForCompletionAsync"/>, carrying the task on every failure.</summary>
        internal async Task<VideoTask> WaitCarryingTaskAsync(IProgress<VideoTask>? progress, CancellationToken cancellationToken)
            => Keep(await WaitAsync(progress, carryTask: true, cancellationToken).ConfigureAwait(false));

        private Task<VideoTask> WaitAsync(IProgress<VideoTask>? progress, bool carryTask, CancellationToken cancellationToken)
        {
            var latest = Latest;
            if (latest is not null && latest.Status.IsTerminal)
            {
                return latest.Status == VideoTaskStatus.Failed ? Task.FromException<VideoTask>(new VideoTaskFailedException(latest)) : Task.FromResult(latest);
            }

            var startFrom = Interlocked.Exchange(ref _submitSnapshotUnused, 0) == 1 ? latest : null;
            return _client.WaitAsync(_id, startFrom, new KeepingProgress(this, progress), Mode, Duration, carryTask, cancellationToken);
        }

        private async Task<VideoTask> CompletedAsync(CancellationToken cancellationToken)
            => Latest is { } latest && latest.Status == VideoTaskStatus.Completed
                ? latest
                : await WaitForCompletionAsync(progress: null, cancellationToken).ConfigureAwait(false);

        /// <summary>
        /// Keeps <paramref name="snapshot"/> as <see cref="Latest"/>, unless an ended task is kept already: a read that
        /// was under way when another call saw the end must not make the operation look unfinished again.
        /// </summary>
        private VideoTask Keep(VideoTask snapshot)
        {
            while (true)
            {
                var kept = Volatile.Read(ref _latest);
                if (kept is not null && kept.Status.IsTerminal && !snapshot.Status.IsTerminal)
                {
                    return snapshot;
                }

                if (ReferenceEquals(Interlocked.CompareExchange(ref _latest, snapshot, kept), kept))
                {
                    return snapshot;
                }
            }
        }

        /// <summary>Keeps each snapshot a wait reports as <see cref="Latest"/>, then tells the caller's progress.</summary>
        private sealed class KeepingProgress : IProgress<VideoTask>
        {
            private readonly VideoGenerationOperation _operation;
            private readonly IProgress<VideoTask>? _inner;

            public KeepingProgress(VideoGenerationOperation operation, IProgress<VideoTask>? inner)
            {
                _operation = operation;
                _inner = inner;
            }

            public void Report(VideoTask value)
            {
                _operation.Keep(value);
                _inner?.Report(value);
            }
        }
    }
}
