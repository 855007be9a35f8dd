using System;

namespace KlingO1
{
    /// <summary>
    /// A verified webhook event, as the service's webhooks page describes it: a task's final event
    /// (<c>generation.completed</c> or <c>generation.failed</c>) for an image or a video task, or the console's
    /// <c>endpoint.test</c>. Act on <see cref="Task"/>, which is set only for a video task's final event.
    /// </summary>
    public sealed class KlingWebhookEvent
    {
        /// <summary>The type of a task that finished with its outputs.</summary>
        public const string CompletedType = "generation.completed";

        /// <summary>The type of a task that failed.</summary>
        public const string FailedType = "generation.failed";

        /// <summary>The type of the console's test delivery, which describes no real task.</summary>
        public const string TestType = "endpoint.test";

        internal KlingWebhookEvent(string id, string type, string? apiVersion, DateTimeOffset createdAt, KlingWebhookTaskData data, VideoTask? task)
        {
            Id = id;
            Type = type;
            ApiVersion = apiVersion;
            CreatedAt = createdAt;
            TaskId = data.TaskId;
            TaskType = data.TaskType;
            Status = data.Status;
            Progress = data.Progress;
            ClientBusinessId = data.ClientBusinessId;
            Model = data.Model;
            SubmittedAt = data.SubmittedAt;
            FinishedAt = data.FinishedAt;
            Result = data.Result;
            Error = data.Error;
            Task = task;
        }

        /// <summary>
        /// Gets the event id. Deliveries are at least once, so the same id can arrive again: an
        /// <see cref="IKlingWebhookReplayStore"/> tells whether it was already processed.
        /// </summary>
        public string Id { get; }

        /// <summary>Gets the event type: <see cref="CompletedType"/>, <see cref="FailedType"/>, <see cref="TestType"/> or a newer one.</summary>
        public string Type { get; }

        /// <summary>Gets the version of the event's format, for example <c>v1</c>.</summary>
        public string? ApiVersion { get; }

        /// <summary>Gets when the service created the event.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets a value indicating whether this is the console's test delivery (<see cref="TestType"/>): acknowledge it, act on nothing.</summary>
        public bool IsTest => string.Equals(Type, TestType, StringComparison.Ordinal);

        /// <summary>Gets the id of the task the event is about.</summary>
        public string TaskId { get; }

        /// <summary>Gets the kind of task, <c>image</c> or <c>video</c>: one API key receives the events of both.</summary>
        public string? TaskType { get; }

        /// <summary>Gets the task's status as the event spells it, <c>SUCCESS</c> or <c>FAILURE</c>.</summary>
        public string Status { get; }

        /// <summary>Gets the progress the event reports, from 0 to 100 (the service sends <c>"100%"</c>).</summary>
        public int Progress { get; }

        /// <summary>Gets the caller-chosen business id stored with the task, when one was sent.</summary>
        public string? ClientBusinessId { get; }

        /// <summary>Gets the model that ran the task.</summary>
        public string? Model { get; }

        /// <summary>Gets when the task was submitted; <see langword="null"/> when the event says none (<c>0</c>).</summary>
        public DateTimeOffset? SubmittedAt { get; }

        /// <summary>Gets when the task finished, completed or failed; <see langword="null"/> when the event says none (<c>0</c>).</summary>
        public DateTimeOffset? FinishedAt { get; }

        /// <summary>Gets the task's result: its type and outputs; <see langword="null"/> when the event has none (a failure).</summary>
        public KlingWebhookResult? Result { get; }

        /// <summary>Gets why the task failed, for a <see cref="FailedType"/> event.</summary>
        public VideoTaskError? Error { get; }

        /// <summary>
        /// Gets the video task the event reports, completed with its video URL or failed with its error. Only a
        /// <c>video</c> task's <see cref="CompletedType"/> or <see cref="FailedType"/> event has one: it is
        /// <see langword="null"/> for an image task (whose output is no video) and for a test event.
        /// </summary>
        public VideoTask? Task { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Id}: {Type} {TaskType ?? "task"} {TaskId} {Status}";
    }
}
