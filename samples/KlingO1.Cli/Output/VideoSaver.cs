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
                throw new CliFailure(ExitCodes.Failed, $"error: task {task.Id} is done, but its video could not be saved to {path}: {ErrorReport.Cause(ex)} {Later(connection, task.Id, path)}", ex);
            }
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
