using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1
{
    /// <summary>
    /// Generates videos with Kling Video O1 through the ToAPIs API: start a generation, follow the task, get the video.
    /// </summary>
    /// <remarks>
    /// The interface exists for dependency injection and for mocking in your tests. Members may be added to it in
    /// minor versions; implement it only in test doubles, and derive from a mocking library where you can.
    /// </remarks>
    public interface IKlingVideoClient
    {
        /// <summary>
        /// Starts a generation: submits the request (<c>POST /v1/videos/generations</c>) and returns, as soon as the task
        /// exists, the operation that follows it (its id, the queued snapshot, update, wait, watch and download). Local
        /// images and videos in the request are uploaded first (each distinct file once); if an upload fails nothing is
        /// submitted. Every accepted submit is billed; the SDK never sends it twice on its own.
        /// </summary>
        /// <param name="request">What to generate.</param>
        /// <param name="cancellationToken">
        /// Cancels the call. A cancelled submit may still have created (and billed) a task: once anything of it left the
        /// process the cancellation is a <see cref="VideoGenerationCanceledException"/> carrying the business id.
        /// </param>
        /// <returns>The operation; its <see cref="VideoGenerationOperation.Latest"/> is the new task, normally <see cref="VideoTaskStatus.Queued"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="NotSupportedException">
        /// The request uses frames, elements, a reference video, a duration other than 5 or 10 s or audio, and the client is
        /// set to <see cref="RequestShape.ImageUrls"/> (see <see cref="KlingVideoClientOptions.RequestShape"/>); nothing was uploaded or sent.
        /// </exception>
        /// <exception cref="ArgumentException">
        /// The request goes in the Omni shape and its prompt names references out of list order; nothing was sent.
        /// </exception>
        /// <exception cref="VideoSubmitOutcomeUnknownException">
        /// The submit failed after it may have reached the service (a 5xx, a timeout, <see cref="System.Net.Http.HttpClient.Timeout"/>,
        /// a lost connection, a success answer that cannot be read) and a lookup by its business id did not find the task.
        /// It was not sent again, and no handler around the SDK could send it again.
        /// </exception>
        /// <exception cref="VideoGenerationCanceledException"><paramref name="cancellationToken"/> was cancelled after the submit may have left the process.</exception>
        /// <exception cref="KlingApiException">The service refused the request; see the subclasses.</exception>
        Task<VideoGenerationOperation> StartGenerationAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// Starts the generation of <paramref name="request"/> once per <see cref="VideoGenerationRequest.ClientBusinessId"/>:
        /// it first reads the task by that business id and, if the service has one, adopts it instead of submitting; it
        /// submits only when the service answers that no such task exists. The start for an at-least-once job engine (a
        /// retried job, a redelivered message, a worker restarted or replaced), with the job's id as the business id.
        /// </summary>
        /// <remarks>
        /// One race remains, and only the caller can close it: two callers with the same business id at the same moment
        /// (or one within moments of an earlier submit the service has not stored yet) can both find nothing and both
        /// submit, since the service does not promise to refuse a business id it has seen. Run at most one start per
        /// business id at a time: a job engine's per-job lock or lease (Hangfire's <c>DisableConcurrentExecution</c>,
        /// Quartz's <c>DisallowConcurrentExecution</c> in a cluster, a database row lock), or one consumer per message key.
        /// </remarks>
        /// <param name="request">What to generate; its <see cref="VideoGenerationRequest.ClientBusinessId"/> is required.</param>
        /// <param name="cancellationToken">Cancels the call. Once submitted, the task goes on (and is billed) at the service.</param>
        /// <returns>The operation of the task found (its <see cref="VideoGenerationOperation.Latest"/> is what the lookup read), or of the one submitted.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="ArgumentException">The request has no business id; nothing was sent.</exception>
        /// <exception cref="InvalidOperationException">
        /// The business id is another task's own id, so the lookup found that task; nothing was submitted.
        /// </exception>
        /// <exception cref="KlingApiException">The lookup failed other than with "not found" (nothing was submitted), or the service refused the submit.</exception>
        /// <exception cref="VideoSubmitOutcomeUnknownException">The submit failed after it may have created a task (see <see cref="StartGenerationAsync"/>).</exception>
        /// <exception cref="VideoGenerationCanceledException"><paramref name="cancellationToken"/> was cancelled after the submit may have left the process.</exception>
        Task<VideoGenerationOperation> StartGenerationOnceAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default);

        /// <summary>
        /// Rebuilds the operation of a task submitted earlier, by this process or another (resume after a restart). Nothing
        /// is read until it is used. Given the request's mode and length, its waits expect that running time, as the
        /// operation <see cref="StartGenerationAsync"/> returned did.
        /// </summary>
        /// <param name="taskId">The task id (<see cref="VideoGenerationOperation.Id"/>), or its client business id.</param>
        /// <param name="mode">The request's <see cref="VideoGenerationOperation.Mode"/>, or <see langword="null"/> when not known.</param>
        /// <param name="duration">The request's <see cref="VideoGenerationOperation.Duration"/>, or <see langword="null"/> when not known.</param>
        /// <returns>The operation, with no snapshot yet (<see cref="VideoGenerationOperation.Latest"/> is <see langword="null"/>).</returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id.</exception>
        /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
        VideoGenerationOperation ResumeGeneration(string taskId, VideoMode? mode = null, VideoDuration? duration = null);

        /// <summary>Reads a task's current state (<c>GET /v1/videos/generations/{taskId}</c>).</summary>
        /// <param name="taskId">The task id (<see cref="VideoGenerationOperation.Id"/>), or its client business id.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A snapshot of the task.</returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id.</exception>
        /// <exception cref="KlingNotFoundException">The service does not know the task.</exception>
        /// <exception cref="KlingApiException">The service answered with another error or unreadably.</exception>
        Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Polls a task until it is completed, and returns it. Works for any task id, also one that another process
        /// submitted; <see cref="ResumeGeneration"/> does the same and also knows the request's expected running time.
        /// </summary>
        /// <param name="taskId">The task to wait for.</param>
        /// <param name="progress">Told of every snapshot whose status or progress changed, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Ends the wait (the task itself goes on at the service).</param>
        /// <returns>The completed task, with its <see cref="VideoTask.VideoUrl"/>.</returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id.</exception>
        /// <exception cref="VideoTaskFailedException">The task failed; the exception carries it and the service's reason.</exception>
        /// <exception cref="VideoTaskTimeoutException">The task did not end within <see cref="KlingPollingOptions.Timeout"/>.</exception>
        /// <exception cref="KlingApiException">A read failed; the wait ends with it.</exception>
        Task<VideoTask> WaitForCompletionAsync(string taskId, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Follows a task as a stream: yields its first snapshot, then each snapshot whose status or progress changed, and
        /// ends after the snapshot in which it is completed or failed. The same polling as
        /// <see cref="WaitForCompletionAsync"/>: the same schedule, shared status-read rate and <see cref="KlingPollingOptions.Timeout"/>.
        /// </summary>
        /// <param name="taskId">The task to follow; any task id, also one that another process submitted.</param>
        /// <param name="cancellationToken">
        /// Ends the stream (the task itself goes on at the service); <c>WithCancellation</c> on the result works too.
        /// Leaving an <c>await foreach</c> early ends the polling as well.
        /// </param>
        /// <returns>
        /// The task's snapshots as they change. A failed task is yielded as its last snapshot, not thrown (a read reports,
        /// a wait throws); check <see cref="VideoTask.Status"/> of the last one.
        /// </returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id (thrown at the call).</exception>
        /// <exception cref="VideoTaskTimeoutException">
        /// Thrown by the enumeration, after the snapshots seen so far: the task did not end within <see cref="KlingPollingOptions.Timeout"/>.
        /// </exception>
        /// <exception cref="KlingApiException">Thrown by the enumeration: a read was refused (401, 402, 404, ...); passing failures are absorbed.</exception>
        /// <exception cref="OperationCanceledException">Thrown by the enumeration when <paramref name="cancellationToken"/> is cancelled.</exception>
        IAsyncEnumerable<VideoTask> WatchAsync(string taskId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Generates a video in one call: <see cref="StartGenerationAsync"/>, then the operation's
        /// <see cref="VideoGenerationOperation.WaitForCompletionAsync"/> (which expects the running time of the request's
        /// mode and length); every failure after the submit carries the task.
        /// </summary>
        /// <param name="request">What to generate.</param>
        /// <param name="progress">Told of the queued task and of every later change, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Cancels the call. Once submitted, the task goes on (and is billed) at the service.</param>
        /// <returns>The completed task, with its <see cref="VideoTask.VideoUrl"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="VideoTaskFailedException">The task failed; the exception carries it and the service's reason.</exception>
        /// <exception cref="VideoTaskTimeoutException">The task did not end in time; resume with its <see cref="VideoTaskWaitException.TaskId"/>.</exception>
        /// <exception cref="VideoTaskWaitException">
        /// The wait after an accepted submit ended otherwise (a refused or unreadable read, your progress handler threw, the
        /// client was disposed): the cause is the inner exception; resume with <see cref="VideoTaskWaitException.TaskId"/>.
        /// </exception>
        /// <exception cref="VideoGenerationCanceledException">
        /// <paramref name="cancellationToken"/> was cancelled after the submit may have reached the service; it carries the
        /// task id (or, before the submit's answer, the business id). A cancellation before that is a plain
        /// <see cref="OperationCanceledException"/>.
        /// </exception>
        /// <exception cref="VideoSubmitOutcomeUnknownException">The submit failed after it may have created a task (see <see cref="StartGenerationAsync"/>).</exception>
        /// <exception cref="KlingApiException">The service refused the submit.</exception>
        Task<VideoTask> GenerateAsync(VideoGenerationRequest request, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Uploads an image (<c>POST /v1/uploads/images</c>) so its URL can be used as a reference image. The stream is
        /// sent as it is read, from its current position, and is not disposed.
        /// </summary>
        /// <param name="content">The image: JPEG, PNG, WebP or GIF, at most 10 MB.</param>
        /// <param name="fileName">The file name to send, for example <c>portrait.png</c>.</param>
        /// <param name="cancellationToken">Cancels the upload.</param>
        /// <returns>The stored image and its URL.</returns>
        /// <exception cref="ArgumentException">
        /// The image is empty, over 10 MB, or not JPEG/PNG/WebP/GIF by its first bytes (its name is not trusted); nothing was sent.
        /// </exception>
        /// <exception cref="KlingApiException">The service refused the upload; its message is carried.</exception>
        Task<UploadedImage> UploadImageAsync(Stream content, string fileName, CancellationToken cancellationToken = default);

        /// <summary>Uploads an image file (<c>POST /v1/uploads/images</c>), streamed from disk.</summary>
        /// <param name="filePath">The image file: JPEG, PNG, WebP or GIF, at most 10 MB.</param>
        /// <param name="cancellationToken">Cancels the upload.</param>
        /// <returns>The stored image and its URL.</returns>
        /// <exception cref="FileNotFoundException">No file exists at <paramref name="filePath"/>.</exception>
        /// <exception cref="ArgumentException">The image is empty, over 10 MB or of another format; nothing was sent.</exception>
        /// <exception cref="KlingApiException">The service refused the upload; its message is carried.</exception>
        Task<UploadedImage> UploadImageAsync(string filePath, CancellationToken cancellationToken = default);

        /// <summary>
        /// Uploads a video (<c>POST /v1/uploads/videos</c>) so its URL can be used as a reference video. The stream is
        /// sent as it is read, from its current position, and is not disposed.
        /// </summary>
        /// <param name="content">The video: MP4, WebM or MOV, at most 50 MB.</param>
        /// <param name="fileName">The file name to send, for example <c>clip.mp4</c>.</param>
        /// <param name="cancellationToken">Cancels the upload.</param>
        /// <returns>The stored video and its URL.</returns>
        /// <exception cref="ArgumentException">
        /// The video is empty, over 50 MB, or not MP4/WebM/MOV by its first bytes (its name is not trusted); nothing was sent.
        /// </exception>
        /// <exception cref="KlingApiException">The service refused the upload; its message is carried.</exception>
        Task<UploadedVideo> UploadVideoAsync(Stream content, string fileName, CancellationToken cancellationToken = default);

        /// <summary>Uploads a video file (<c>POST /v1/uploads/videos</c>), streamed from disk.</summary>
        /// <param name="filePath">The video file: MP4, WebM or MOV, at most 50 MB.</param>
        /// <param name="cancellationToken">Cancels the upload.</param>
        /// <returns>The stored video and its URL.</returns>
        /// <exception cref="FileNotFoundException">No file exists at <paramref name="filePath"/>.</exception>
        /// <exception cref="ArgumentException">The video is empty, over 50 MB or of another format; nothing was sent.</exception>
        /// <exception cref="KlingApiException">The service refused the upload; its message is carried.</exception>
        Task<UploadedVideo> UploadVideoAsync(string filePath, CancellationToken cancellationToken = default);

        /// <summary>
        /// Streams a completed task's video into <paramref name="destination"/> (which is not disposed). The file host
        /// gets no API key. If it refuses the stored URL before the task expires, the task is read once more for a fresh URL.
        /// </summary>
        /// <param name="task">A completed task, as returned by <see cref="GenerateAsync"/> or <see cref="WaitForCompletionAsync"/>.</param>
        /// <param name="destination">Where to write the MP4.</param>
        /// <param name="progress">Told the number of bytes written so far, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Cancels the download.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentException">The task is not completed (or failed) or has no video URL.</exception>
        /// <exception cref="VideoExpiredException">The video expired (24 h after completion) and must be generated again.</exception>
        /// <exception cref="KlingApiException">The file host refused the download.</exception>
        /// <exception cref="IOException">The body ended before its announced length.</exception>
        Task<long> DownloadVideoAsync(VideoTask task, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Saves a completed task's video to a file: written to a temporary file beside it and moved into place only when
        /// complete, so a failed or cancelled download leaves no partial file at <paramref name="filePath"/>.
        /// </summary>
        /// <param name="task">A completed task.</param>
        /// <param name="filePath">Where to save the MP4; an existing file is replaced.</param>
        /// <param name="progress">Told the number of bytes written so far, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Cancels the download.</param>
        /// <returns>The number of bytes written.</returns>
        /// <exception cref="ArgumentException">The task is not completed (or failed) or has no video URL, or the path is empty.</exception>
        /// <exception cref="DirectoryNotFoundException">The target folder does not exist.</exception>
        /// <exception cref="VideoExpiredException">The video expired (24 h after completion) and must be generated again.</exception>
        /// <exception cref="KlingApiException">The file host refused the download.</exception>
        /// <exception cref="IOException">The body ended before its announced length, or the file could not be written.</exception>
        Task<long> DownloadVideoAsync(VideoTask task, string filePath, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Reads the API key's own balance (<c>GET /v1/balance</c>): what it has left and has used. Changes nothing, so a
        /// passing failure is retried as a status read is.
        /// </summary>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The key's balance.</returns>
        /// <exception cref="KlingAuthenticationException">The API key was refused.</exception>
        /// <exception cref="KlingApiException">The service answered with another error, or with no balance field it documents.</exception>
        Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default);

        /// <summary>
        /// Reads the balance of the account that owns the API key (<c>GET /v1/user/balance</c>), which all its keys draw
        /// on. Changes nothing, so a passing failure is retried as a status read is.
        /// </summary>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The account's balance.</returns>
        /// <exception cref="KlingAuthenticationException">The API key was refused.</exception>
        /// <exception cref="KlingApiException">The service answered with another error, or with no balance field it documents.</exception>
        Task<AccountBalance> GetUserBalanceAsync(CancellationToken cancellationToken = default);
    }
}
