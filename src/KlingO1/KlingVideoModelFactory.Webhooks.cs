using System;
using System.Collections.Generic;
using System.Linq;
using KlingO1.Webhooks;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>The webhook part of the model factory: events for testing a handler without signing a body.</summary>
    public static partial class KlingVideoModelFactory
    {
        /// <summary>
        /// Builds a verified webhook event. Given a completed or failed <paramref name="task"/>, the event describes
        /// it (its id, status, times, business id, model, error and video output) unless a parameter says otherwise.
        /// </summary>
        /// <param name="task">The video task the event reports; only a <c>video</c> task's final event may carry one.</param>
        /// <param name="id">The event id.</param>
        /// <param name="type">The event type; from the task's status when <see langword="null"/> (<c>generation.completed</c> without a task).</param>
        /// <param name="taskType">The task type, <c>video</c> or <c>image</c>.</param>
        /// <param name="taskId">The task id; the task's, or <c>video_test</c>.</param>
        /// <param name="status">The status as the event spells it; <c>SUCCESS</c> or <c>FAILURE</c> from the type when <see langword="null"/>.</param>
        /// <param name="createdAt">When the event was created; the Unix epoch when <see langword="null"/>.</param>
        /// <param name="submittedAt">When the task was submitted; the task's creation time.</param>
        /// <param name="finishedAt">When the task finished; the task's completion time.</param>
        /// <param name="resultType">The result's type; the task's, or <paramref name="taskType"/> when there are outputs.</param>
        /// <param name="outputs">The output files (see <see cref="WebhookOutput"/>); the task's video when <see langword="null"/>.</param>
        /// <param name="errorCode">The error code; the task's.</param>
        /// <param name="errorMessage">The error message; the task's.</param>
        /// <param name="clientBusinessId">The business id; the task's.</param>
        /// <param name="model">The model; the task's.</param>
        /// <param name="apiVersion">The event format's version.</param>
        /// <returns>The event.</returns>
        /// <exception cref="ArgumentException"><paramref name="task"/> is given for an event that carries none (not a video task's completed or failed event).</exception>
        public static KlingWebhookEvent WebhookEvent(
            VideoTask? task = null,
            string id = "evt_test",
            string? type = null,
            string? taskType = "video",
            string? taskId = null,
            string? status = null,
            DateTimeOffset? createdAt = null,
            DateTimeOffset? submittedAt = null,
            DateTimeOffset? finishedAt = null,
            string? resultType = null,
            IReadOnlyList<KlingWebhookOutput>? outputs = null,
            string? errorCode = null,
            string? errorMessage = null,
            string? clientBusinessId = null,
            string? model = null,
            string? apiVersion = "v1")
        {
            type ??= task?.Status == VideoTaskStatus.Failed ? KlingWebhookEvent.FailedType : KlingWebhookEvent.CompletedType;
            outputs ??= task?.VideoUrl is { } url ? new[] { new KlingWebhookOutput(url, task.VideoFormat) } : Array.Empty<KlingWebhookOutput>();
            resultType ??= task?.ResultType ?? (outputs.Count > 0 ? taskType : null);
            if (task is not null && !WebhookMapping.CarriesVideoTask(type, taskType, resultType))
            {
                throw new ArgumentException("Only a video task's generation.completed or generation.failed event carries a task.", nameof(task));
            }

            var error = errorCode is null && errorMessage is null ? task?.Error : new VideoTaskError(errorCode, errorMessage);
            var data = new KlingWebhookTaskData(taskId ?? task?.Id ?? "video_test", status ?? (type == KlingWebhookEvent.FailedType ? "FAILURE" : "SUCCESS"))
            {
                TaskType = taskType,
                Progress = 100,
                ClientBusinessId = clientBusinessId ?? task?.ClientBusinessId,
                Model = model ?? task?.Model,
                SubmittedAt = submittedAt ?? task?.CreatedAt,
                FinishedAt = finishedAt ?? task?.CompletedAt,
                Result = resultType is null && outputs.Count == 0 ? null : new KlingWebhookResult(resultType, outputs.ToArray(), null),
                Error = error,
            };
            return new KlingWebhookEvent(id, type, apiVersion, createdAt ?? DateTimeOffset.FromUnixTimeSeconds(0), data, task);
        }

        /// <summary>Builds one output file of a webhook event's result.</summary>
        /// <param name="url">The file's URL.</param>
        /// <param name="format">The file's format, for example <c>mp4</c> or <c>png</c>.</param>
        /// <returns>The output.</returns>
        public static KlingWebhookOutput WebhookOutput(Uri url, string? format = null)
            => new(Guard.NotNull(url), format);
    }
}
