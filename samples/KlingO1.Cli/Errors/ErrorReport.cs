using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;

namespace KlingO1.Cli.Errors
{
    /// <summary>
    /// Turns what a command threw into its exit code and one message in the CLI's words: what happened, the task it
    /// concerns, and the `kling` command that goes on from there. Never a stack trace.
    /// </summary>
    internal static class ErrorReport
    {
        /// <summary>Returns the exit code and message for <paramref name="exception"/>, or null when it is not the CLI's to report.</summary>
        public static (int ExitCode, string Message)? Describe(Exception exception, CancellationToken cancellationToken)
        {
            switch (exception)
            {
                case CliUsageException usage:
                    return (ExitCodes.BadUsage, "error: " + usage.Message);
                case CliFailure failure:
                    return (failure.ExitCode, failure.Message);
                case VideoGenerationCanceledException cancelled when cancellationToken.IsCancellationRequested:
                    return (ExitCodes.Cancelled, Cancelled(cancelled.TaskId, cancelled.ClientBusinessId));
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    return (ExitCodes.Cancelled, Cancelled(null, null));
                case OperationCanceledException:
                    // Not the user's Ctrl+C: an HTTP request ran out of time.
                    return (ExitCodes.Failed, "error: the service did not answer in time; try again (a submitted task may still be running).");
                case VideoTaskFailedException failed:
                    return (ExitCodes.Failed, $"error: task {failed.TaskId} failed: {failed.Task.Error?.ToString() ?? "the service gave no reason"}.");
                case VideoTaskTimeoutException timeout:
                    return (ExitCodes.Failed, $"error: gave up waiting for task {timeout.TaskId} after {Minutes(timeout.Timeout)} ({Seen(timeout.LastSeen)}). "
                        + $"It may still be running: `kling wait {timeout.TaskId}` waits again.");
                case VideoTaskWaitException wait:
                    return (ExitCodes.Failed, $"error: stopped following task {wait.TaskId} ({Seen(wait.LastSeen)}): {Cause(wait.InnerException)} "
                        + $"The task goes on at the service: `kling wait {wait.TaskId}` follows it again.");
                case VideoSubmitOutcomeUnknownException unknown:
                    return (ExitCodes.Failed, "error: the submit may or may not have created a (billed) task: " + Cause(unknown.InnerException)
                        + (unknown.ClientBusinessId is { } id ? $" Look it up with `kling status {id}` before submitting again." : " Check your ToAPIs task list before submitting again."));
                case NotSupportedException or ArgumentException:
                    // The SDK's checks of a request, before anything is uploaded or sent.
                    return (ExitCodes.BadUsage, "error: " + SdkWords.Translate(exception.Message));
                case FileNotFoundException or DirectoryNotFoundException:
                    return (ExitCodes.BadUsage, "error: " + SdkWords.Translate(exception.Message));
                case KlingException or IOException or HttpRequestException or UnauthorizedAccessException:
                    return (ExitCodes.Failed, "error: " + SdkWords.Translate(exception.Message));
                default:
                    return null;
            }
        }

        /// <summary>Returns the SDK's account of a cause in the CLI's words.</summary>
        public static string Cause(Exception? cause) => cause is null ? "no cause given." : SdkWords.Translate(cause.Message);

        /// <summary>Describes what was last seen of a task.</summary>
        public static string Seen(VideoTask? lastSeen)
            => lastSeen is null ? "no status read succeeded" : string.Create(CultureInfo.InvariantCulture, $"last seen {lastSeen.Status} at {lastSeen.Progress}%");

        private static string Cancelled(string? taskId, string? businessId)
            => taskId is not null
                ? $"Cancelled. Task {taskId} goes on at the service (and is billed): `kling wait {taskId}` follows it, `kling download {taskId}` saves it."
                : businessId is not null
                    ? $"Cancelled after the submit may have reached the service: look the task up with `kling status {businessId}` before submitting again."
                    : "Cancelled.";

        private static string Minutes(TimeSpan timeout)
            => timeout.TotalMinutes >= 1 && timeout.Seconds == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalMinutes:0} min")
                : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0} s");
    }
}
