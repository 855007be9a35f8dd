using System;

namespace KlingO1
{
    /// <summary>The task fields of a webhook event's <c>data</c>, gathered so the event's constructor stays readable.</summary>
    internal sealed class KlingWebhookTaskData
    {
        public KlingWebhookTaskData(string taskId, string status)
        {
            TaskId = taskId;
            Status = status;
        }

        public string TaskId { get; }

        public string Status { get; }

        public string? TaskType { get; set; }

        public int Progress { get; set; }

        public string? ClientBusinessId { get; set; }

        public string? Model { get; set; }

        public DateTimeOffset? SubmittedAt { get; set; }

        public DateTimeOffset? FinishedAt { get; set; }

        public KlingWebhookResult? Result { get; set; }

        public VideoTaskError? Error { get; set; }
    }
}
