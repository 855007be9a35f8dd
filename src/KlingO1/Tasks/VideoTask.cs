using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace KlingO1
{
    /// <summary>
    /// A snapshot of a video generation task: queued, in progress, completed with a video URL, or failed with an
    /// error. Snapshots are immutable; read the task again for a newer one.
    /// </summary>
    public sealed class VideoTask
    {
        private static readonly IReadOnlyDictionary<string, JsonElement> EmptyMetadata = new Dictionary<string, JsonElement>();

        internal VideoTask(
            string id,
            string? model,
            VideoTaskStatus status,
            int progress,
            DateTimeOffset createdAt,
            DateTimeOffset? completedAt,
            DateTimeOffset? expiresAt,
            Uri? videoUrl,
            VideoTaskError? error,
            string? clientBusinessId,
            string? resultType = null,
            string? videoFormat = null,
            Uri? lastFrameUrl = null,
            VideoTaskUsage? usage = null,
            IReadOnlyDictionary<string, JsonElement>? metadata = null)
        {
            Id = id;
            Model = model;
            Status = status;
            Progress = progress < 0 ? 0 : progress > 100 ? 100 : progress;
            CreatedAt = createdAt;
            CompletedAt = completedAt;
            ExpiresAt = expiresAt;
            VideoUrl = videoUrl;
            Error = error;
            ClientBusinessId = clientBusinessId;
            ResultType = resultType;
            VideoFormat = videoFormat;
            LastFrameUrl = lastFrameUrl;
            Usage = usage;
            Metadata = metadata ?? EmptyMetadata;
        }

        /// <summary>Gets the task id, an opaque string to pass to <see cref="IKlingVideoClient.GetTaskAsync"/>.</summary>
        public string Id { get; }

        /// <summary>Gets the model that generates the video, normally <c>kling-video-o1</c>.</summary>
        public string? Model { get; }

        /// <summary>Gets the task's status. An unknown status is preserved and is not final.</summary>
        public VideoTaskStatus Status { get; }

        /// <summary>Gets the progress the service reports, from 0 to 100.</summary>
        public int Progress { get; }

        /// <summary>Gets when the task was created.</summary>
        /// <value>The Unix epoch when the service did not say.</value>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>Gets when the video was finished, for a completed task.</summary>
        public DateTimeOffset? CompletedAt { get; }

        /// <summary>
        /// Gets when the video URL stops working (24 hours after completion); after that the video is gone and must
        /// be generated again.
        /// </summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>Gets the URL of the finished MP4, for a completed task. It lives on the service's file host.</summary>
        public Uri? VideoUrl { get; }

        /// <summary>Gets the kind of output the result holds (<c>result.type</c>), <c>video</c> for a completed task.</summary>
        public string? ResultType { get; }

        /// <summary>Gets the file format of <see cref="VideoUrl"/> (<c>result.data[].format</c>), for example <c>mp4</c>, when the service says.</summary>
        public string? VideoFormat { get; }

        /// <summary>
        /// Gets the URL of the video's last frame (<c>result.data[].last_frame_url</c>), which the service returns only
        /// for a task created to return it; <see langword="null"/> when absent or not an absolute http(s) URL.
        /// </summary>
        public Uri? LastFrameUrl { get; }

        /// <summary>Gets what the model's tools were used for the task (<c>usage</c>), when the service reports it.</summary>
        public VideoTaskUsage? Usage { get; }

        /// <summary>
        /// Gets the <c>metadata</c> object of the answer, as JSON values: the submit answer carries one (documented as
        /// <c>{}</c>); empty when the answer has none.
        /// </summary>
        public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

        /// <summary>Gets why the task failed, for a failed task.</summary>
        public VideoTaskError? Error { get; }

        /// <summary>Gets the caller-chosen business id stored with the task, when one was sent.</summary>
        public string? ClientBusinessId { get; }

        /// <summary>Gets a value indicating whether the task has ended (completed or failed).</summary>
        public bool IsTerminal => Status.IsTerminal;

        /// <inheritdoc />
        public override string ToString()
        {
            var text = $"{Id}: {Status} {Progress.ToString(CultureInfo.InvariantCulture)}%";
            return Error is null ? text : $"{text} ({Error})";
        }
    }
}
