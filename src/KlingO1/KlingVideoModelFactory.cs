using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using KlingO1.Errors;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// Builds the SDK's result models and exceptions for your own unit tests, for example to make a mocked
    /// <see cref="IKlingVideoClient"/> return a completed task or throw a rate-limit error.
    /// </summary>
    public static partial class KlingVideoModelFactory
    {
        /// <summary>Builds a task snapshot.</summary>
        /// <param name="id">The task id.</param>
        /// <param name="status">The status; <see cref="VideoTaskStatus.Queued"/> when <see langword="null"/>.</param>
        /// <param name="progress">The progress, 0 to 100.</param>
        /// <param name="createdAt">When it was created; the Unix epoch when <see langword="null"/>.</param>
        /// <param name="completedAt">When it completed.</param>
        /// <param name="expiresAt">When its video URL expires.</param>
        /// <param name="videoUrl">The video URL of a completed task.</param>
        /// <param name="errorCode">The error code of a failed task.</param>
        /// <param name="errorMessage">The error message of a failed task.</param>
        /// <param name="model">The model.</param>
        /// <param name="clientBusinessId">The business id stored with the task.</param>
        /// <param name="resultType">The result's type, <c>video</c> for a completed task.</param>
        /// <param name="videoFormat">The video's format, for example <c>mp4</c>.</param>
        /// <param name="lastFrameUrl">The URL of the video's last frame.</param>
        /// <param name="toolUsage">The tool usage counts, for example <c>web_search</c>; no usage when <see langword="null"/>.</param>
        /// <param name="metadata">The answer's <c>metadata</c> entries; none when <see langword="null"/>.</param>
        /// <returns>The task.</returns>
        public static VideoTask VideoTask(
            string id = "video_test",
            VideoTaskStatus? status = null,
            int progress = 0,
            DateTimeOffset? createdAt = null,
            DateTimeOffset? completedAt = null,
            DateTimeOffset? expiresAt = null,
            Uri? videoUrl = null,
            string? errorCode = null,
            string? errorMessage = null,
            string? model = KlingVideoClientOptions.DefaultModel,
            string? clientBusinessId = null,
            string? resultType = null,
            string? videoFormat = null,
            Uri? lastFrameUrl = null,
            IReadOnlyDictionary<string, long>? toolUsage = null,
            IReadOnlyDictionary<string, System.Text.Json.JsonElement>? metadata = null)
            => new(
                id,
                model,
                status ?? VideoTaskStatus.Queued,
                progress,
                createdAt ?? DateTimeOffset.FromUnixTimeSeconds(0),
                completedAt,
                expiresAt,
                videoUrl,
                errorCode is null && errorMessage is null ? null : new VideoTaskError(errorCode, errorMessage),
                clientBusinessId,
                resultType,
                videoFormat,
                lastFrameUrl,
                toolUsage is null ? null : new VideoTaskUsage(new Dictionary<string, long>(toolUsage.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal)),
                metadata?.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal));

        /// <summary>Builds an uploaded image.</summary>
        /// <param name="url">Its URL.</param>
        /// <param name="id">Its id.</param>
        /// <param name="mimeType">Its content type.</param>
        /// <param name="size">Its size in bytes.</param>
        /// <returns>The uploaded image.</returns>
        public static UploadedImage UploadedImage(Uri url, string id = "upload_test", string? mimeType = "image/png", long size = 0)
            => new(id, Guard.NotNull(url), mimeType, size);

        /// <summary>Builds an uploaded video, as the client's <c>UploadVideoAsync</c> returns it.</summary>
        /// <param name="url">Its URL.</param>
        /// <param name="id">Its id.</param>
        /// <param name="mimeType">Its content type.</param>
        /// <param name="size">Its size in bytes.</param>
        /// <returns>The uploaded video.</returns>
        public static UploadedVideo UploadedVideo(Uri url, string id = "upload_test", string? mimeType = "video/mp4", long size = 0)
            => new(id, Guard.NotNull(url), mimeType, size);

        /// <summary>Builds a balance, as <see cref="IKlingVideoClient.GetBalanceAsync"/> returns it.</summary>
        /// <param name="remainingBalance">The balance left.</param>
        /// <param name="usedBalance">The balance used.</param>
        /// <param name="remainingCredits">The credits left.</param>
        /// <param name="usedCredits">The credits used.</param>
        /// <param name="creditsPerUsd">The credits to one US dollar.</param>
        /// <param name="isUnlimited">Whether the quota is unlimited.</param>
        /// <returns>The balance.</returns>
        public static AccountBalance AccountBalance(
            decimal? remainingBalance = null,
            decimal? usedBalance = null,
            decimal? remainingCredits = null,
            decimal? usedCredits = null,
            decimal? creditsPerUsd = null,
            bool isUnlimited = false)
            => new(remainingBalance, usedBalance, remainingCredits, usedCredits, creditsPerUsd, isUnlimited);

        /// <summary>
        /// Builds the exception the client throws for an error answer: the subclass matching
        /// <paramref name="statusCode"/> (401/403, 402, 404, 429 or 503 <c>rate_limit_unavailable</c>, 400/422) or
        /// <see cref="KlingApiException"/>.
        /// </summary>
        /// <param name="statusCode">The HTTP status.</param>
        /// <param name="errorCode">The service's error code.</param>
        /// <param name="errorMessage">The service's message.</param>
        /// <param name="retryAfter">For a rate limit, the requested wait.</param>
        /// <param name="rateLimit">For a rate limit, what the rate-limit headers said.</param>
        /// <returns>The exception, not thrown.</returns>
        public static KlingApiException ApiException(
            HttpStatusCode statusCode, string? errorCode = null, string? errorMessage = null, TimeSpan? retryAfter = null, RateLimitInfo? rateLimit = null)
            => new ApiErrorDetails(statusCode, errorCode, errorMessage, null, null, null, null, retryAfter, rateLimit).ToException();

        /// <summary>
        /// Builds the exception the client throws when the caller's limiter refuses a permit
        /// (<see cref="KlingVideoClientOptions.StatusReadLimiter"/>, <see cref="KlingVideoClientOptions.SubmitLimiter"/>).
        /// </summary>
        /// <param name="operation">The operation that got no permit: <c>status read</c> or <c>submit</c>.</param>
        /// <param name="retryAfter">The wait the limiter asked for, if it named one.</param>
        /// <returns>The exception, not thrown.</returns>
        public static KlingRateLimiterRejectedException RateLimiterRejected(string operation = "submit", TimeSpan? retryAfter = null)
            => new(operation, retryAfter);

        /// <summary>Builds what an answer's rate-limit headers said, for a <see cref="KlingRateLimitException"/>.</summary>
        /// <param name="limit">The requests allowed in the window.</param>
        /// <param name="remaining">The requests left in the window.</param>
        /// <param name="resetsAt">When the window ends.</param>
        /// <param name="category">The limit counted against: <c>async_submit</c> or <c>async_query</c>.</param>
        /// <returns>The rate-limit facts.</returns>
        public static RateLimitInfo RateLimitInfo(int? limit = null, int? remaining = null, DateTimeOffset? resetsAt = null, string? category = null)
            => new(limit, remaining, resetsAt, category);
    }
}
