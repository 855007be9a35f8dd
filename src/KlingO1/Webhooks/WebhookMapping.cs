using System;
using System.Linq;
using System.Text.Json;
using KlingO1.Internal;
using KlingO1.Webhooks.Wire;

namespace KlingO1.Webhooks
{
    /// <summary>Converts a webhook body into a <see cref="KlingWebhookEvent"/>, as the webhooks page describes the event.</summary>
    internal static class WebhookMapping
    {
        /// <summary>Reads an event whose id, type, task id and status are already known to be present.</summary>
        /// <exception cref="JsonException">A time is out of range, or a video task's video URL is unusable.</exception>
        public static KlingWebhookEvent ToEvent(WebhookEventDto dto, string id, string type, WebhookTaskDto data)
        {
            var fields = new KlingWebhookTaskData(data.TaskId!, data.Status!)
            {
                TaskType = data.TaskType,
                Progress = data.Progress,
                ClientBusinessId = data.ClientBusinessId,
                Model = data.Model,
                SubmittedAt = Moment(data.SubmittedAt),
                FinishedAt = Moment(data.FinishedAt),
                Result = ToResult(data.Result),
                Error = ToError(data.Error),
            };
            var task = CarriesVideoTask(type, data.TaskType, data.Result?.Type) && StatusMatches(type, data.Status!) ? ToVideoTask(data, fields) : null;
            return new KlingWebhookEvent(id, type, dto.ApiVersion, UnixTime.FromSeconds(dto.CreatedAt) ?? DateTimeOffset.FromUnixTimeSeconds(0), fields, task);
        }

        /// <summary>
        /// Whether an event reports a video task's outcome. An image task's output is no video, and a test event
        /// (typed <c>image</c>, status SUCCESS) describes no task: neither may look like a completed video. When
        /// <c>task_type</c> is missing, a completion is a video task's only when its result is typed <c>video</c>; a
        /// failure (no output to mistake for a video) is, unless its result says otherwise, so a video's failure is not lost.
        /// </summary>
        public static bool CarriesVideoTask(string type, string? taskType, string? resultType)
        {
            var completed = string.Equals(type, KlingWebhookEvent.CompletedType, StringComparison.OrdinalIgnoreCase);
            if (!completed && !string.Equals(type, KlingWebhookEvent.FailedType, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            // A result typed other than video is no video, whatever the task type says.
            if (resultType is not null && !string.Equals(resultType, "video", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (taskType is not null)
            {
                return string.Equals(taskType, "video", StringComparison.OrdinalIgnoreCase);
            }

            return !completed || resultType is not null;
        }

        /// <summary>
        /// Whether the task's status agrees with the event's type (SUCCESS for a completion, FAILURE for a failure): an event
        /// that contradicts itself describes no task the SDK can report either way.
        /// </summary>
        private static bool StatusMatches(string type, string status)
            => string.Equals(type, KlingWebhookEvent.CompletedType, StringComparison.OrdinalIgnoreCase)
                ? string.Equals(status, "SUCCESS", StringComparison.OrdinalIgnoreCase)
                : string.Equals(status, "FAILURE", StringComparison.OrdinalIgnoreCase);

        /// <summary>The service writes <c>0</c> for a time it does not have (the test event): that is no time, not 1970.</summary>
        private static DateTimeOffset? Moment(long? seconds) => seconds is null or <= 0 ? null : UnixTime.FromSeconds(seconds);

        private static KlingWebhookResult? ToResult(WebhookResultDto? result)
        {
            if (result is null)
            {
                return null;
            }

            var outputs = (result.Data ?? Array.Empty<WebhookOutputDto>())
                .Select(d => HttpUrls.OrNull(d?.Url) is { } url ? new KlingWebhookOutput(url, d!.Format) : null)
                .Where(o => o is not null)
                .ToArray();
            return new KlingWebhookResult(result.Type, outputs!, result.Message);
        }

        /// <summary>The video task inside a video task's final event (status SUCCESS/FAILURE, progress "100%").</summary>
        private static VideoTask ToVideoTask(WebhookTaskDto dto, KlingWebhookTaskData fields)
        {
            var status = dto.Status!.ToUpperInvariant() switch
            {
                "SUCCESS" => VideoTaskStatus.Completed,
                "FAILURE" => VideoTaskStatus.Failed,
                _ => new VideoTaskStatus(dto.Status!),
            };
            var completed = status == VideoTaskStatus.Completed ? fields.FinishedAt : null;
            var output = FirstOutput(dto.Result);
            return new VideoTask(
                dto.TaskId!,
                dto.Model,
                status,
                dto.Progress,
                fields.SubmittedAt ?? DateTimeOffset.FromUnixTimeSeconds(0),
                completed,
                completed?.AddHours(24),
                HttpUrls.VideoUrl(output?.Url, dto.TaskId),
                fields.Error,
                dto.ClientBusinessId,
                dto.Result?.Type,
                output?.Format,
                HttpUrls.OrNull(output?.LastFrameUrl));
        }

        /// <summary>The first output that has a URL: the one a video task's event carries its video in.</summary>
        private static WebhookOutputDto? FirstOutput(WebhookResultDto? result)
            => result?.Data?.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d?.Url));

        private static VideoTaskError? ToError(WebhookErrorDto? error)
            => error is { Code: null, Message: null } or null ? null : new VideoTaskError(error.Code, error.Message);
    }
}
