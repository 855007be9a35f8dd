using System;
using Microsoft.Extensions.Logging;

namespace KlingO1.Observability
{
    /// <summary>The SDK's log events (source-generated). None carries the API key; none carries a prompt.</summary>
    internal static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Submitted video task {TaskId} ({Mode}, {Duration}, {ImageCount} images)")]
        public static partial void Submitted(ILogger logger, string taskId, string mode, string duration, int imageCount);

        [LoggerMessage(2, LogLevel.Warning, "A submit failed after it may have created a (billed) task; it is not sent again (client business id {ClientBusinessId})")]
        public static partial void SubmitOutcomeUnknown(ILogger logger, string? clientBusinessId, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "A submit was cancelled after it may have created a (billed) task (client business id {ClientBusinessId})")]
        public static partial void SubmitCancelled(ILogger logger, string? clientBusinessId);

        [LoggerMessage(8, LogLevel.Warning, "Stopped following video task {TaskId} before it ended ({Reason}); it goes on at the service: resume with its id")]
        public static partial void StoppedFollowing(ILogger logger, string taskId, string reason);

        [LoggerMessage(3, LogLevel.Information, "Video task {TaskId} is {Status} ({Progress}%)")]
        public static partial void StatusChanged(ILogger logger, string taskId, string status, int progress);

        [LoggerMessage(4, LogLevel.Warning, "Retrying the {Operation} in {Delay} (attempt {Attempt}): {Reason}")]
        public static partial void Retrying(ILogger logger, string operation, TimeSpan delay, int attempt, string reason);

        [LoggerMessage(5, LogLevel.Warning, "Reading video task {TaskId} failed in passing; the wait polls on: {Reason}")]
        public static partial void ReadFailureAbsorbed(ILogger logger, string taskId, string reason);

        [LoggerMessage(9, LogLevel.Information, "Adopted video task {TaskId}, started earlier with client business id {ClientBusinessId}; nothing was submitted")]
        public static partial void Adopted(ILogger logger, string taskId, string clientBusinessId);

        [LoggerMessage(6, LogLevel.Information, "Video task {TaskId} ended {Status} after {Elapsed} ({Polls} status reads)")]
        public static partial void WaitEnded(ILogger logger, string taskId, string status, TimeSpan elapsed, int polls);
    }
}
