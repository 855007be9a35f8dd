using System;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1
{
    /// <summary>
    /// Generates videos with Kling Video O1 through the ToAPIs API: submit a request, follow the task, get the video.
    /// </summary>
    /// <remarks>
    /// The interface exists for dependency injection and for mocking in your tests. Members may be added to it in
    /// minor versions; implement it only in test doubles, and derive from a mocking library where you can.
    /// </remarks>
    public interface IKlingVideoClient
    {
        /// <summary>
        /// Submits a generation request (<c>POST /v1/videos/generations</c>) and returns the queued task. Every
        /// accepted submit is billed; the SDK never sends it twice on its own.
        /// </summary>
        /// <param name="request">What to generate.</param>
        /// <param name="cancellationToken">Cancels the call. A cancelled submit may still have created (and billed) a task.</param>
        /// <returns>The new task, normally <see cref="VideoTaskStatus.Queued"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="KlingApiException">The service refused the request or answered unreadably; see the subclasses.</exception>
        Task<VideoTask> SubmitAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default);

        /// <summary>Reads a task's current state (<c>GET /v1/videos/generations/{taskId}</c>).</summary>
        /// <param name="taskId">The task id returned by <see cref="SubmitAsync"/>.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>A snapshot of the task.</returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id.</exception>
        /// <exception cref="KlingNotFoundException">The service does not know the task.</exception>
        /// <exception cref="KlingApiException">The service answered with another error or unreadably.</exception>
        Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);

        /// <summary>
        /// Polls a task until it is completed or failed, and returns it. Works for any task id, also one that another
        /// process submitted (resume after a restart).
        /// </summary>
        /// <param name="taskId">The task to wait for.</param>
        /// <param name="progress">Told of every snapshot whose status or progress changed, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Ends the wait (the task itself goes on at the service).</param>
        /// <returns>The task in its final state; a failed task is returned, not thrown.</returns>
        /// <exception cref="ArgumentException"><paramref name="taskId"/> is null, empty or not a usable id.</exception>
        /// <exception cref="VideoTaskTimeoutException">The task did not end within <see cref="PollingOptions.Timeout"/>.</exception>
        /// <exception cref="KlingApiException">A read failed; the wait ends with it.</exception>
        Task<VideoTask> WaitForCompletionAsync(string taskId, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default);

        /// <summary>Submits a request and waits for the video: <see cref="SubmitAsync"/>, then <see cref="WaitForCompletionAsync"/>.</summary>
        /// <param name="request">What to generate.</param>
        /// <param name="progress">Told of the queued task and of every later change, or <see langword="null"/>.</param>
        /// <param name="cancellationToken">Cancels the call. Once submitted, the task goes on (and is billed) at the service.</param>
        /// <returns>The completed task, with its <see cref="VideoTask.VideoUrl"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
        /// <exception cref="VideoTaskFailedException">The task failed; the exception carries it and the service's reason.</exception>
        /// <exception cref="VideoTaskTimeoutException">The task did not end in time; resume with its <see cref="VideoTaskTimeoutException.TaskId"/>.</exception>
        /// <exception cref="KlingApiException">The service refused the request or a read failed.</exception>
        Task<VideoTask> GenerateAsync(VideoGenerationRequest request, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default);
    }
}
