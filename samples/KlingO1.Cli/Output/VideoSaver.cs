using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Errors;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Output
{
    /// <summary>Saves a finished task's video; a failure names the task and the `kling download` that saves it later.</summary>
    internal static class VideoSaver
    {
        /// <summary>Downloads <paramref name="task"/>'s video to <paramref name="path"/> and returns its size in bytes.</summary>
        /// <exception cref="CliFailure">The task has no video, the file appeared meanwhile (and may not be replaced), or the download failed.</exception>
        public static async Task<long> SaveAsync(ServiceConnection connection, VideoTask task, string path, bool overwrite, CancellationToken cancellationToken)
            => await SaveAsync(connection, task, path, overwrite, cancellationToken, shownPath: path).ConfigureAwait(false);

        private static async Task<long> SaveAsync(ServiceConnection connection, VideoTask task, string path, bool overwrite, CancellationToken cancellationToken, string shownPath)
        {
            if (task.Status != VideoTaskStatus.Completed || task.VideoUrl is null)
            {
                var hint = task.Status == VideoTaskStatus.Failed ? string.Empty : $" `kling wait {task.Id}` waits for it.";
                throw new CliFailure(ExitCodes.Failed, string.Create(CultureInfo.InvariantCulture, $"error: task {task.Id} has no video to download ({task.Status}, {task.Progress}%).{hint}"));
            }

            if (File.Exists(path) && !overwrite)
            {
                // Checked before the submit too; a file that appeared since is still not the CLI's to replace.
                throw new CliFailure(ExitCodes.Failed, $"error: {path} appeared while task {task.Id} was generating and is kept. {Later(connection, task.Id, "<another file>")}");
            }

            try
            {
                return await connection.Client.DownloadVideoAsync(task, path, progress: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KlingException or IOException or HttpRequestException or UnauthorizedAccessException or ArgumentException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new CliFailure(ExitCodes.Failed, $"error: task {task.Id} is done, but its video could not be saved to {shownPath}: {ErrorReport.Cause(ex)} {Later(connection, task.Id, shownPath)}", ex);
            }
        }

        /// <summary>
        /// Downloads <paramref name="task"/>'s video beside <paramref name="path"/> (which exists) and returns whether the file
        /// there is that very video, and its size; the download is deleted either way, the file is never touched.
        /// </summary>
        /// <exception cref="CliFailure">The task has no video, or the download failed.</exception>
        public static async Task<(bool Same, long Bytes)> IsAlreadyThereAsync(ServiceConnection connection, VideoTask task, string path, CancellationToken cancellationToken)
        {
            var copy = Path.Combine(Path.GetDirectoryName(path)!, ".kling-check-" + Guid.NewGuid().ToString("N")[..12] + ".part");
            try
            {
                var bytes = await SaveAsync(connection, task, copy, overwrite: false, cancellationToken, shownPath: path).ConfigureAwait(false);
                return (SameContent(copy, path), bytes);
            }
            finally
            {
                File.Delete(copy);
            }
        }

        /// <summary>Returns the message for a file at a task's output that is not its video, kept.</summary>
        public static string Kept(ServiceConnection connection, string path, string taskId)
            => $"{path} is there already and is not the video of task {taskId}: it is kept (--overwrite replaces it). {Later(connection, taskId, "<another file>")}";

        private static bool SameContent(string a, string b)
        {
            using var first = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var second = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (first.Length != second.Length)
            {
                return false;
            }

            var left = new byte[81920];
            var right = new byte[81920];
            int read;
            while ((read = first.Read(left)) > 0)
            {
                second.ReadExactly(right, 0, read);
                if (!left.AsSpan(0, read).SequenceEqual(right.AsSpan(0, read)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Returns the "saved" line.</summary>
        public static string Saved(string path, long bytes, string taskId)
            => string.Create(CultureInfo.InvariantCulture, $"Saved {path} ({bytes:N0} bytes) from task {taskId}.");

        private static string Later(ServiceConnection connection, string taskId, string path)
            => connection.IsSimulated
                ? "The built-in simulator's task ends with this run: run the command again."
                : $"`kling download {taskId} --out {path}` saves it (the service keeps the video 24 h).";
    }
}
