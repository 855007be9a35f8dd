using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Internal;
using KlingO1.Transport;
using KlingO1.Transport.FileHost;
using KlingO1.Transport.Operations;

namespace KlingO1.Media
{
    /// <summary>
    /// Saves a finished video from the file host: streamed with a fixed buffer (memory does not grow with the video),
    /// checked against <c>Content-Length</c>, and to a file only through a temporary file moved into place when
    /// complete. A URL the host refuses before the task's expiry is refreshed by reading the task once more.
    /// </summary>
    internal sealed class VideoDownloader
    {
        private const int BufferSize = 81920;
        private readonly KlingHttpTransport _transport;
        private readonly FileHostClient _fileHost;
        private readonly TimeProvider _time;
        private readonly TimeSpan _idleLimit;

        /// <param name="transport">Reads the task again for a fresh URL.</param>
        /// <param name="fileHost">Opens the file.</param>
        /// <param name="time">The clock of the idle limit.</param>
        /// <param name="idleLimit">How long the body may go without a byte (<see cref="KlingTimeoutOptions.DownloadIdle"/>).</param>
        public VideoDownloader(KlingHttpTransport transport, FileHostClient fileHost, TimeProvider time, TimeSpan idleLimit)
        {
            _transport = transport;
            _fileHost = fileHost;
            _time = time;
            _idleLimit = idleLimit;
        }

        public async Task<long> DownloadAsync(VideoTask task, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            Guard.NotNull(destination);

            if (!destination.CanWrite)
            {
                throw new ArgumentException("The destination stream cannot be written.", nameof(destination));
            }

            EnsureDownloadable(task);
            return await CopyVideoAsync(task, destination, progress, cancellationToken).ConfigureAwait(false);
        }

        public async Task<long> DownloadToFileAsync(VideoTask task, string filePath, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(filePath))
            {
                throw new ArgumentException("A file path is required.", nameof(filePath));
            }

            // Checked before any file is created, so a refused task leaves nothing behind.
            EnsureDownloadable(task);
            var target = Path.GetFullPath(filePath);
            var folder = Path.GetDirectoryName(target)!;
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"The folder \"{folder}\" does not exist.");
            }

            // Found now, not after the whole (paid) video has streamed.
            if (Directory.Exists(target))
            {
                throw new ArgumentException($"\"{target}\" is a folder: give the path of the file to save the video as, such as \"{Path.Combine(target, task.Id + ".mp4")}\".", nameof(filePath));
            }

            // Beside the target (same volume, so the final move is atomic), hidden, unique per download, and short: a
            // target whose name is as long as the file system allows still gets a temporary name.
            var temporary = Path.Combine(folder, ".kling-" + Guid.NewGuid().ToString("N").Substring(0, 12) + ".part");
            try
            {
                long written;
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
                {
                    written = await CopyVideoAsync(task, file, progress, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                }

                MoveIntoPlace(temporary, target);
                return written;
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        /// <summary>Opens the video (refreshing a refused URL once) and streams it, checking the announced length.</summary>
        private async Task<long> CopyVideoAsync(VideoTask task, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
        {
            using var file = await OpenAsync(task, cancellationToken).ConfigureAwait(false);
            var expected = file.Length;
            var written = await CopyAsync(file, destination, progress, task.Id, cancellationToken).ConfigureAwait(false);
            if (expected is { } length && written != length)
            {
                throw new IOException(
                    $"The video download of task {task.Id} ended after {written.ToString("N0", CultureInfo.InvariantCulture)} of {length.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
            }

            return written;
        }

        /// <exception cref="ArgumentNullException">The task is null.</exception>
        /// <exception cref="ArgumentException">The task is not completed or has no video URL.</exception>
        /// <exception cref="VideoExpiredException">The video's URL has expired.</exception>
        private void EnsureDownloadable(VideoTask task)
        {
            Guard.NotNull(task);

            if (task.Status == VideoTaskStatus.Failed)
            {
                throw new ArgumentException($"Task {task.Id} failed ({task.Error?.ToString() ?? "no reason given"}); it has no video.", nameof(task));
            }

            if (task.Status != VideoTaskStatus.Completed)
            {
                throw new ArgumentException(
                    $"Task {task.Id} is {task.Status}, not completed: wait for it with WaitForCompletionAsync, then download the task it returns.",
                    nameof(task));
            }

            if (task.VideoUrl is null)
            {
                throw new ArgumentException($"Task {task.Id} is completed but the service gave no video URL; read it again with GetTaskAsync.", nameof(task));
            }

            if (task.ExpiresAt is { } expires && expires <= _time.GetUtcNow())
            {
                throw new VideoExpiredException(task);
            }
        }

        /// <summary>Opens the video; a URL the file host refuses as stale is refreshed by reading the task once more (see the operation table).</summary>
        private Task<FileHostFile> OpenAsync(VideoTask task, CancellationToken cancellationToken)
        {
            EnsureFetchable(task);
            return _fileHost.OpenAsync(
                task.VideoUrl!, refresh => FreshUrlAsync(task.Id, refresh), $"the file host refused the video of task {task.Id}", cancellationToken);
        }

        /// <summary>Reads the task once more for its current video URL, checked like the first.</summary>
        private async Task<Uri> FreshUrlAsync(string taskId, CancellationToken cancellationToken)
        {
            var fresh = await _transport.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            EnsureDownloadable(fresh);
            EnsureFetchable(fresh);
            return fresh.VideoUrl!;
        }

        /// <exception cref="ArgumentException">The video URL (from an answer) is not one the SDK fetches.</exception>
        private void EnsureFetchable(VideoTask task)
        {
            if (_fileHost.AddressProblem(task.VideoUrl!) is { } problem)
            {
                throw new ArgumentException(
                    $"The video URL of task {task.Id} is not fetched: {problem}. The SDK fetches videos over https from public hosts only.", nameof(task));
            }
        }

        /// <summary>
        /// Streams the body with a fixed buffer. Each read must bring a byte within the idle limit (re-armed after every
        /// chunk, on the client's clock): a stalled or half-open connection ends the download instead of holding it forever.
        /// </summary>
        private async Task<long> CopyAsync(FileHostFile file, Stream destination, IProgress<long>? progress, string taskId, CancellationToken cancellationToken)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = StartIdleTimer(idle);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            long total = 0;
            try
            {
                using var source = await file.ReadBodyAsync(idle.Token).ConfigureAwait(false);
                int read;
                while ((read = await source.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false)) > 0)
                {
                    // The destination's own pace is not the connection's: the limit runs only while waiting for bytes.
                    timer.Dispose();
                    await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    total += read;
                    progress?.Report(total);
                    timer = StartIdleTimer(idle);
                }

                return total;
            }
            catch (Exception ex) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
            {
                throw new KlingTimeoutException(
                    ApiOperations.FileHostFetch.Name,
                    _idleLimit,
                    $"The video download of task {taskId} received no byte for {_idleLimit} after {total.ToString("N0", CultureInfo.InvariantCulture)} bytes (Timeouts.DownloadIdle): the connection stalled.",
                    ex);
            }
            finally
            {
                timer.Dispose();
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private ITimer StartIdleTimer(CancellationTokenSource idle)
            => _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), idle, _idleLimit, Timeout.InfiniteTimeSpan);

        private static void MoveIntoPlace(string temporary, string target)
        {
#if NET
            File.Move(temporary, target, overwrite: true);
#else
            if (File.Exists(target))
            {
                File.Replace(temporary, target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, target);
            }
#endif
        }
    }
}
