using System;

namespace KlingO1
{
    /// <summary>A verified webhook event: a task finished (<c>generation.completed</c> or <c>generation.failed</c>).</summary>
    public sealed class VideoTaskEvent
    {
        internal VideoTaskEvent(string id, string type, DateTimeOffset createdAt, VideoTask task, DateTimeOffset? submittedAt)
        {
            Id = id;
            Type = type;
            CreatedAt = createdAt;
            Task = task;
            SubmittedAt = submittedAt;
        }

        /// <summary>
        /// Gets the event id. Deliveries are at least once, so the same id can arrive again: an
        /// <see cref="IKlingWebhookReplayStore"/> tells whether it was already processed.
        /// </summary>
        public string Id { get; }

        /// <summary>Gets the event type, for example <c>generation.completed</c>.</summary>
        public string Type { get; }

        /// <summary>Gets when the service created the event.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets the task as the event describes it: completed with its video URL, or failed with its error.</summary>
        public VideoTask Task { get; }

        /// <summary>Gets when the task was submitted, if the event says.</summary>
        public DateTimeOffset? SubmittedAt { get; }
    }
}
