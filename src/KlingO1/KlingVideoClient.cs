using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Engine;
using KlingO1.Media;
using KlingO1.Observability;
using KlingO1.Polling;
using KlingO1.Transport;
using KlingO1.Transport.SingleSend;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// The ToAPIs client for Kling Video O1. See <see cref="IKlingVideoClient"/> for what each call does.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A client is thread-safe and holds no per-call state: create one and share it for the life of the application, or
    /// let dependency injection (<c>services.AddKlingVideoClient(...)</c>) hand it out. Under dependency injection every
    /// resolution is a thin front over one engine per client name and application (its poll scheduler, read cap and
    /// pipelines), so the status-read cap holds app-wide however often the client is resolved.
    /// </para>
    /// <para>
    /// <see cref="KlingVideoClient(string)"/> and <see cref="KlingVideoClient(KlingVideoClientOptions)"/> create and own
    /// their <see cref="HttpClient"/>; a client given a handler disposes it only when asked to. Disposing a
    /// client made with <c>new</c> ends its waits (each throws, carrying its task id). The API key is sent only to
    /// <see cref="KlingVideoClientOptions.BaseAddress"/>. A submit is sent at most once, whatever handlers surround it.
    /// </para>
    /// </remarks>
    public sealed class KlingVideoClient : IKlingVideoClient, IDisposable
    {
        private readonly KlingVideoEngine _engine;
        private readonly bool _ownsEngine;

        /// <summary>Creates a client with default settings and its own <see cref="HttpClient"/>.</summary>
        /// <param name="apiKey">The ToAPIs API key.</param>
        /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or malformed.</exception>
        public KlingVideoClient(string apiKey)
            : this(new KlingVideoClientOptions { ApiKey = apiKey })
        {
        }

        /// <summary>
        /// Creates a client with its own <see cref="HttpClient"/>, telling time by <see cref="KlingVideoClientOptions.TimeProvider"/>
        /// and logging to <see cref="KlingVideoClientOptions.LoggerFactory"/> when they are set.
        /// </summary>
        /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The settings are unusable; the message names every problem.</exception>
        public KlingVideoClient(KlingVideoClientOptions options)
            : this(OwnEngine(Guard.NotNull(options)), ownsEngine: true)
        {
        }

        /// <summary>
        /// Creates a client that sends through <paramref name="handler"/>: a configured <c>SocketsHttpHandler</c>
        /// (a proxy, a certificate) or your own <see cref="DelegatingHandler"/> chain. The SDK makes its own
        /// <see cref="HttpClient"/> over it (no default headers, no base address, no timeout of its own) and puts its
        /// single-send guard directly above the network handler, so no handler of the chain can send a submit twice.
        /// </summary>
        /// <param name="handler">
        /// The handler, or the top of a handler chain that has not sent anything yet (the guard is set as the innermost
        /// handler's inner one). It may be shared with other clients.
        /// </param>
        /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
        /// <param name="disposeHandler">True to dispose <paramref name="handler"/> with this client.</param>
        /// <exception cref="ArgumentNullException"><paramref name="handler"/> or <paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The settings are unusable; the message names every problem.</exception>
        /// <exception cref="InvalidOperationException">A handler of the chain has already sent requests, so the guard cannot be put below it.</exception>
        public KlingVideoClient(HttpMessageHandler handler, KlingVideoClientOptions options, bool disposeHandler = false)
            : this(EngineOver(handler, options, disposeHandler), ownsEngine: true)
        {
        }

        /// <summary>
        /// Creates a client over the given <see cref="HttpClient"/> with a seeded jitter source: the tests' way in. Its
        /// handlers are out of the SDK's reach, so only the body guard keeps a submit single-shot there.
        /// </summary>
        internal KlingVideoClient(
            HttpClient httpClient, KlingVideoClientOptions options, TimeProvider timeProvider, Func<double>? nextUnitRandom = null, ILogger? logger = null)
            : this(EngineOverClient(httpClient, options, timeProvider, nextUnitRandom ?? SharedRandom.NextUnit, logger), ownsEngine: true)
        {
        }

        /// <summary>Creates a front over an engine: one that dependency injection holds (not owned), or one of its own.</summary>
        internal KlingVideoClient(KlingVideoEngine engine, bool ownsEngine)
        {
            _engine = engine;
            _ownsEngine = ownsEngine;
        }

        /// <summary>Gets the engine this client is a front over (tests check that fronts share one).</summary>
        internal KlingVideoEngine Engine => _engine;

        /// <inheritdoc />
        public async Task<VideoGenerationOperation> StartGenerationAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default)
        {
            var task = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            return new VideoGenerationOperation(this, task.Id, task, ServiceDefaults.ModeOf(request), ServiceDefaults.ExpectedLength(request));
        }

        /// <inheritdoc />
        public async Task<VideoGenerationOperation> StartGenerationOnceAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default)
        {
            Guard.NotNull(request);
            if (string.IsNullOrWhiteSpace(request.ClientBusinessId))
            {
                throw new ArgumentException(
                    "StartGenerationOnceAsync needs the request's ClientBusinessId (the job's id): it is what the earlier start is found by.", nameof(request));
            }

            var businessId = request.ClientBusinessId!;
            ThrowIfUnusableTaskId(businessId);
            VideoTask found;
            try
            {
                found = await Live().Transport.GetTaskAsync(businessId, cancellationToken).ConfigureAwait(false);
            }
            catch (KlingNotFoundException)
            {
                return await StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);
            }

            // The status path takes a task id or a business id: a task found by its own id is some other job's task, and
            // adopting it would deliver someone else's video. (An answer about a task of another business id is refused
            // by the transport already.)
            if (string.Equals(found.Id, businessId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The lookup by business id '{businessId}' found task {found.Id}, which is not that business id's; nothing was submitted. Use business ids that cannot be task ids.");
            }

            Log.Adopted(_engine.Logger, found.Id, businessId);
            return new VideoGenerationOperation(this, found.Id, found, ServiceDefaults.ModeOf(request), ServiceDefaults.ExpectedLength(request));
        }

        /// <inheritdoc />
        public VideoGenerationOperation ResumeGeneration(string taskId, VideoMode? mode = null, VideoDuration? duration = null)
        {
            ThrowIfUnusableTaskId(taskId);
            Live();
            return new VideoGenerationOperation(this, taskId, submitted: null, mode, duration);
        }

        /// <summary>Uploads the request's local media, then sends the one paid <c>POST</c>; returns the new task.</summary>
        private async ValueTask<VideoTask> SubmitAsync(VideoGenerationRequest request, CancellationToken cancellationToken)
        {
            Guard.NotNull(request);

            var engine = Live();

            // Before any upload: a request the shape cannot carry must not cost an upload either.
            var shape = RequestShapeRules.Choose(request, engine.RequestShape);
            var media = await engine.Uploader.ResolveAsync(request.Media, cancellationToken).ConfigureAwait(false);
            var businessId = request.ClientBusinessId ?? (engine.GenerateBusinessIds ? BusinessIds.NewId() : null);
            VideoTask task;

            // The uploads took time: a client disposed meanwhile submits (and bills) nothing.
            engine.ThrowIfDisposed();
            try
            {
                task = await engine.Transport.SubmitAsync(SubmitRequestMapping.ToWire(request, engine.Model, shape, media, businessId), cancellationToken).ConfigureAwait(false);
            }
            catch (VideoSubmitOutcomeUnknownException unknown)
            {
                Log.SubmitOutcomeUnknown(engine.Logger, businessId, unknown.InnerException!);
                if (businessId is null)
                {
                    throw;
                }

                task = await FindSubmittedTaskAsync(businessId, unknown, cancellationToken).ConfigureAwait(false);
            }
            catch (VideoGenerationCanceledException)
            {
                Log.SubmitCancelled(engine.Logger, businessId);
                throw;
            }

            // The mode and length texts are made only for a log that takes the event.
            if (engine.Logger.IsEnabled(LogLevel.Information))
            {
                Log.Submitted(engine.Logger, task.Id, request.Mode?.Value ?? "the service's default mode", request.Duration?.ToString() ?? "the service's default length", request.Images.Count);
            }

            return task;
        }

        /// <summary>
        /// After a submit whose outcome is unknown, looks the task up by its business id: found, it is the submit's
        /// result; otherwise the caller learns the outcome is unknown, with the id. Never submits again. Whatever ends
        /// the lookup (a refusal, a timeout, the caller's cancellation) carries the business id.
        /// </summary>
        private async Task<VideoTask> FindSubmittedTaskAsync(string businessId, VideoSubmitOutcomeUnknownException unknown, CancellationToken cancellationToken)
        {
            var cause = unknown.InnerException!;
            try
            {
                return await _engine.Transport.GetTaskAsync(businessId, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                Log.SubmitCancelled(_engine.Logger, businessId);
                throw new VideoGenerationCanceledException(null, null, businessId, ex, cancellationToken);
            }
            catch (KlingNotFoundException)
            {
                throw new VideoSubmitOutcomeUnknownException(
                    businessId, cause, Details(unknown, "No task with that business id was found right after the failure (the service may not have stored it yet)."));
            }
            catch (Exception ex)
            {
                throw new VideoSubmitOutcomeUnknownException(
                    businessId, cause, Details(unknown, "Looking the task up by its business id failed too (" + ex.Message + ")."));
            }
        }

        /// <summary>What the first outcome-unknown exception knew of the sends, then what the lookup found.</summary>
        private static string Details(VideoSubmitOutcomeUnknownException unknown, string lookup)
            => unknown.Details is { } sends ? sends + " " + lookup : lookup;

        /// <inheritdoc />
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
        {
            ThrowIfUnusableTaskId(taskId);
            return Live().Transport.GetTaskAsync(taskId, cancellationToken);
        }

        /// <inheritdoc />
        public Task<VideoTask> WaitForCompletionAsync(string taskId, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default)
        {
            ThrowIfUnusableTaskId(taskId);
            return WaitAsync(taskId, alreadySeen: null, progress, mode: null, duration: null, carryTask: false, cancellationToken);
        }

        /// <summary>
        /// The one wait behind every public one: polls until the task ends, expecting the running time of
        /// <paramref name="mode"/> and <paramref name="duration"/> when the length is known, and throws for a failed task.
        /// </summary>
        internal Task<VideoTask> WaitAsync(
            string taskId, VideoTask? alreadySeen, IProgress<VideoTask>? progress, VideoMode? mode, VideoDuration? duration, bool carryTask, CancellationToken cancellationToken)
        {
            // Refused at the call on a disposed client, before any read: the caller holds the id it passed.
            var poller = Live().Poller;
            var prior = duration is { } length ? GenerationTimes.PriorFor(mode ?? VideoMode.Standard, length) : null;
            return ThrowIfFailed(poller.WaitAsync(taskId, alreadySeen, progress, cancellationToken, prior, carryTask));

            static async Task<VideoTask> ThrowIfFailed(Task<VideoTask> wait)
            {
                var final = await wait.ConfigureAwait(false);
                return final.Status == VideoTaskStatus.Failed ? throw new VideoTaskFailedException(final) : final;
            }
        }

        /// <inheritdoc />
        public IAsyncEnumerable<VideoTask> WatchAsync(string taskId, CancellationToken cancellationToken = default)
        {
            // Checked here, at the call, not at the first MoveNextAsync as an iterator would.
            ThrowIfUnusableTaskId(taskId);
            return Live().Poller.WatchAsync(taskId, cancellationToken);
        }

        /// <inheritdoc />
        public async Task<VideoTask> GenerateAsync(VideoGenerationRequest request, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default)
        {
            var operation = await StartGenerationAsync(request, cancellationToken).ConfigureAwait(false);

            // From here on a task exists and is billed, and the caller has no id yet: whatever ends the wait carries it.
            return await operation.WaitCarryingTaskAsync(progress, cancellationToken).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public Task<UploadedImage> UploadImageAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
            => UploadAsync(MediaKind.Image, content, fileName, static s => new UploadedImage(s.Id, s.Url, s.MimeType, s.Size), cancellationToken);

        /// <inheritdoc />
        public Task<UploadedImage> UploadImageAsync(string filePath, CancellationToken cancellationToken = default)
            => UploadFileAsync(MediaKind.Image, filePath, static s => new UploadedImage(s.Id, s.Url, s.MimeType, s.Size), cancellationToken);

        /// <inheritdoc />
        public Task<UploadedVideo> UploadVideoAsync(Stream content, string fileName, CancellationToken cancellationToken = default)
            => UploadAsync(MediaKind.Video, content, fileName, static s => new UploadedVideo(s.Id, s.Url, s.MimeType, s.Size), cancellationToken);

        /// <inheritdoc />
        public Task<UploadedVideo> UploadVideoAsync(string filePath, CancellationToken cancellationToken = default)
            => UploadFileAsync(MediaKind.Video, filePath, static s => new UploadedVideo(s.Id, s.Url, s.MimeType, s.Size), cancellationToken);

        /// <inheritdoc />
        public Task<long> DownloadVideoAsync(VideoTask task, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
            => Live().Downloader.DownloadAsync(task, destination, progress, cancellationToken);

        /// <inheritdoc />
        public Task<long> DownloadVideoAsync(VideoTask task, string filePath, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
            => Live().Downloader.DownloadToFileAsync(task, filePath, progress, cancellationToken);

        /// <inheritdoc />
        public Task<AccountBalance> GetBalanceAsync(CancellationToken cancellationToken = default)
            => Live().Transport.GetBalanceAsync(ofUser: false, cancellationToken);

        /// <inheritdoc />
        public Task<AccountBalance> GetUserBalanceAsync(CancellationToken cancellationToken = default)
            => Live().Transport.GetBalanceAsync(ofUser: true, cancellationToken);

        /// <summary>Gets the number of waits parked between reads; tests use it to tell when every wait is asleep.</summary>
        internal int ParkedWaits => _engine.Poller.Scheduler.Parked;

        /// <summary>
        /// Ends the waits of a client made with <c>new</c> (each throws, carrying its task id) and releases the
        /// <see cref="HttpClient"/> it created itself, if any. A client from dependency injection shares its engine with the
        /// application: the container ends it when it is disposed, and this does nothing.
        /// </summary>
        public void Dispose()
        {
            if (_ownsEngine)
            {
                _engine.Dispose();
            }
        }

        private async Task<T> UploadAsync<T>(MediaKind kind, Stream content, string fileName, Func<StoredUpload, T> toModel, CancellationToken cancellationToken)
        {
            Guard.NotNull(content);

            if (string.IsNullOrWhiteSpace(fileName))
            {
                throw new ArgumentException($"Give the {kind.Noun} a file name, for example \"{kind.ExampleFileName}\".", nameof(fileName));
            }

            return toModel(await Live().Uploader.UploadAsync(kind, content, Path.GetFileName(fileName), cancellationToken).ConfigureAwait(false));
        }

        private async Task<T> UploadFileAsync<T>(MediaKind kind, string filePath, Func<StoredUpload, T> toModel, CancellationToken cancellationToken)
            => toModel(await Live().Uploader.UploadFileAsync(kind, filePath, cancellationToken).ConfigureAwait(false));

        /// <summary>Gets the engine, or throws once it is disposed.</summary>
        private KlingVideoEngine Live()
        {
            _engine.ThrowIfDisposed();
            return _engine;
        }

        private static void ThrowIfUnusableTaskId(string taskId)
        {
            // A first character that is not white space settles it without scanning the whole id.
            if (taskId is null || taskId.Length == 0 || (char.IsWhiteSpace(taskId[0]) && string.IsNullOrWhiteSpace(taskId)))
            {
                throw new ArgumentException("A task id is required: pass the Id of the operation StartGenerationAsync returned.", nameof(taskId));
            }

            // "." and ".." would be read as path segments and address another endpoint.
            if (taskId is "." or "..")
            {
                throw new ArgumentException($"\"{taskId}\" is not a task id.", nameof(taskId));
            }
        }

        private static KlingVideoEngine OwnEngine(KlingVideoClientOptions options)
        {
            options.ThrowIfInvalid();
            return EngineOver(NetworkHandlers.Create(), options, disposeHandler: true);
        }

        private static KlingVideoEngine EngineOver(HttpMessageHandler handler, KlingVideoClientOptions options, bool disposeHandler)
        {
            Guard.NotNull(handler);

            Guard.NotNull(options);

            options.ThrowIfInvalid();

            // The SDK's per-attempt limits (KlingTimeoutOptions) bound every request: no HttpClient.Timeout to cut one short.
            var http = new HttpClient(SingleSendHandler.BelowEveryHandler(handler), disposeHandler)
            {
                Timeout = Timeout.InfiniteTimeSpan,
                MaxResponseContentBufferSize = KlingHttpTransport.MaxAnswerBytes,
            };
            return new KlingVideoEngine(
                () => http, options.ToEngineSettings(), options.TimeProvider ?? TimeProvider.System, LoggerFrom(options), SharedRandom.NextUnit, ownedHttpClient: http, guarded: true);
        }

        private static KlingVideoEngine EngineOverClient(
            HttpClient httpClient, KlingVideoClientOptions options, TimeProvider timeProvider, Func<double> nextUnitRandom, ILogger? logger)
        {
            Guard.NotNull(httpClient);

            Guard.NotNull(options);

            Guard.NotNull(timeProvider);

            options.ThrowIfInvalid();
            KlingVideoEngine.ThrowIfTimeoutTooShort(httpClient, options.Timeouts);
            return new KlingVideoEngine(() => httpClient, options.ToEngineSettings(), timeProvider, logger ?? LoggerFrom(options), nextUnitRandom);
        }

        private static ILogger LoggerFrom(KlingVideoClientOptions options)
            => options.LoggerFactory?.CreateLogger<KlingVideoClient>() ?? (ILogger)NullLogger.Instance;
    }
}
