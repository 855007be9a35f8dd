using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Media;
using KlingO1.Observability;
using KlingO1.Polling;
using KlingO1.Transport;
using KlingO1.Transport.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KlingO1
{
    /// <summary>
    /// The ToAPIs client for Kling Video O1. See <see cref="IKlingVideoClient"/> for what each call does.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A client is thread-safe and holds no per-call state: create one and share it for the life of the
    /// application, or let dependency injection (<c>services.AddKlingVideoClient(...)</c>) hand one out.
    /// </para>
    /// <para>
    /// <see cref="KlingVideoClient(string)"/> creates and owns its own <see cref="HttpClient"/>, which
    /// <see cref="Dispose"/> releases; a client given an <see cref="HttpClient"/> leaves it to its owner.
    /// The API key is sent only to <see cref="KlingVideoClientOptions.BaseAddress"/>.
    /// </para>
    /// </remarks>
    public sealed class KlingVideoClient : IKlingVideoClient, IDisposable
    {
        private readonly KlingHttpTransport _transport;
        private readonly TaskPoller _poller;
        private readonly MediaUploader _uploader;
        private readonly RequestShape _requestShape;
        private readonly VideoDownloader _downloader;
        private readonly string _model;
        private readonly bool _generateBusinessIds;
        private readonly ILogger _logger;
        private readonly HttpClient? _ownedHttpClient;

        /// <summary>Creates a client with default settings and its own <see cref="HttpClient"/>.</summary>
        /// <param name="apiKey">The ToAPIs API key.</param>
        /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or malformed.</exception>
        public KlingVideoClient(string apiKey)
            : this(new KlingVideoClientOptions { ApiKey = apiKey })
        {
        }

        private KlingVideoClient(KlingVideoClientOptions options)
            : this(CreateOwnedHttpClient(options), options, TimeProvider.System, SharedRandom.NextUnit, ownsHttpClient: true)
        {
        }

        /// <summary>Creates a client that sends through the given <see cref="HttpClient"/>.</summary>
        /// <param name="httpClient">The HTTP client to send with; its base address and default headers are not used.</param>
        /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
        /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The settings are unusable; the message names every problem.</exception>
        public KlingVideoClient(HttpClient httpClient, KlingVideoClientOptions options)
            : this(httpClient, options, TimeProvider.System)
        {
        }

        /// <summary>Creates a client that sends through the given <see cref="HttpClient"/> and tells time by <paramref name="timeProvider"/>.</summary>
        /// <param name="httpClient">The HTTP client to send with; its base address and default headers are not used.</param>
        /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
        /// <param name="timeProvider">The clock and timers for polling and timeouts (a fake one in tests).</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The settings are unusable; the message names every problem.</exception>
        public KlingVideoClient(HttpClient httpClient, KlingVideoClientOptions options, TimeProvider timeProvider)
            : this(httpClient, options, timeProvider, SharedRandom.NextUnit)
        {
        }

        /// <summary>Creates a client that also logs what it does (submits, status changes, retries; never the API key or a prompt).</summary>
        /// <param name="httpClient">The HTTP client to send with; its base address and default headers are not used.</param>
        /// <param name="options">The settings; copied, so later changes do not affect this client.</param>
        /// <param name="timeProvider">The clock and timers for polling and timeouts (a fake one in tests).</param>
        /// <param name="logger">Where to log.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The settings are unusable; the message names every problem.</exception>
        public KlingVideoClient(HttpClient httpClient, KlingVideoClientOptions options, TimeProvider timeProvider, ILogger<KlingVideoClient> logger)
            : this(httpClient, options, timeProvider, SharedRandom.NextUnit, logger: logger ?? throw new ArgumentNullException(nameof(logger)))
        {
        }

        /// <summary>The one constructor that does the work; tests pass a seeded <paramref name="nextUnitRandom"/>.</summary>
        internal KlingVideoClient(
            HttpClient httpClient, KlingVideoClientOptions options, TimeProvider timeProvider, Func<double> nextUnitRandom, bool ownsHttpClient = false, ILogger? logger = null)
        {
            if (httpClient is null)
            {
                throw new ArgumentNullException(nameof(httpClient));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            if (timeProvider is null)
            {
                throw new ArgumentNullException(nameof(timeProvider));
            }

            options.ThrowIfInvalid();
            _model = options.Model;
            _generateBusinessIds = options.GenerateClientBusinessIds;
            _logger = logger ?? NullLogger.Instance;
            var pipelines = new RequestPipelines(options.Retry.Clone(), options.Timeouts.Clone(), timeProvider, nextUnitRandom, _logger);
            _transport = new KlingHttpTransport(httpClient, options.BaseAddress, options.ApiKey!, timeProvider, pipelines);
            _poller = new TaskPoller(_transport.GetTaskAsync, options.Polling.Clone(), timeProvider, nextUnitRandom, _logger);
            _uploader = new MediaUploader(_transport);
            _requestShape = options.RequestShape;
            _downloader = new VideoDownloader(_transport, timeProvider);
            _ownedHttpClient = ownsHttpClient ? httpClient : null;
        }

        /// <inheritdoc />
        public async Task<VideoTask> SubmitAsync(VideoGenerationRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            // Before any upload: a request the shape cannot carry must not cost an upload either.
            RequestShapeRules.ThrowIfUnsupported(request, _requestShape);
            var media = await _uploader.ResolveAsync(request, cancellationToken).ConfigureAwait(false);
            var businessId = request.ClientBusinessId ?? (_generateBusinessIds ? BusinessIds.NewId() : null);
            VideoTask task;
            try
            {
                task = await _transport.SubmitAsync(WireMapping.ToWire(request, _model, _requestShape, media, businessId), cancellationToken).ConfigureAwait(false);
            }
            catch (VideoSubmitOutcomeUnknownException unknown)
            {
                Log.SubmitOutcomeUnknown(_logger, businessId, unknown.InnerException!);
                if (businessId is null)
                {
                    throw;
                }

                task = await FindSubmittedTaskAsync(businessId, unknown, cancellationToken).ConfigureAwait(false);
            }

            Log.Submitted(_logger, task.Id, request.Mode.Value, request.Duration.Seconds, request.Images.Count);
            return task;
        }

        /// <summary>
        /// After a submit whose outcome is unknown, looks the task up by its business id: found, it is the submit's
        /// result; otherwise the caller learns the outcome is unknown. Never submits again.
        /// </summary>
        private async Task<VideoTask> FindSubmittedTaskAsync(string businessId, VideoSubmitOutcomeUnknownException unknown, CancellationToken cancellationToken)
        {
            try
            {
                return await _transport.GetTaskAsync(businessId, cancellationToken).ConfigureAwait(false);
            }
            catch (KlingNotFoundException)
            {
                throw new VideoSubmitOutcomeUnknownException(
                    businessId, unknown.InnerException!, "No task with that business id was found right after the failure (the service may not have stored it yet).");
            }
            catch (Exception ex) when (ex is KlingException or HttpRequestException or IOException)
            {
                throw new VideoSubmitOutcomeUnknownException(
                    businessId, unknown.InnerException!, "Looking the task up by its business id failed too (" + ex.Message + ").");
            }
        }

        /// <inheritdoc />
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
        {
            ThrowIfUnusableTaskId(taskId);
            return _transport.GetTaskAsync(taskId, cancellationToken);
        }

        /// <inheritdoc />
        public Task<VideoTask> WaitForCompletionAsync(string taskId, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default)
        {
            ThrowIfUnusableTaskId(taskId);
            return _poller.WaitAsync(taskId, alreadySeen: null, progress, cancellationToken);
        }

        /// <inheritdoc />
        public IAsyncEnumerable<VideoTask> WatchAsync(string taskId, CancellationToken cancellationToken = default)
        {
            // Checked here, at the call, not at the first MoveNextAsync as an iterator would.
            ThrowIfUnusableTaskId(taskId);
            return _poller.WatchAsync(taskId, cancellationToken);
        }

        /// <inheritdoc />
        public async Task<VideoTask> GenerateAsync(VideoGenerationRequest request, IProgress<VideoTask>? progress = null, CancellationToken cancellationToken = default)
        {
            var submitted = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            // The wait starts at the submit and knows the request: its mode and length tell the schedule what to expect.
            var prior = GenerationTimePrior.For(request.Mode, request.Duration);
            var final = await _poller.WaitAsync(submitted.Id, submitted, progress, cancellationToken, prior).ConfigureAwait(false);
            return final.Status == VideoTaskStatus.Failed ? throw new VideoTaskFailedException(final) : final;
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
            => _downloader.DownloadAsync(task, destination, progress, cancellationToken);

        /// <inheritdoc />
        public Task<long> DownloadVideoAsync(VideoTask task, string filePath, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
            => _downloader.DownloadToFileAsync(task, filePath, progress, cancellationToken);

        /// <summary>Gets the number of waits parked between reads; tests use it to tell when every wait is asleep.</summary>
        internal int ParkedWaits => _poller.Scheduler.Parked;

        /// <summary>Releases the <see cref="HttpClient"/> this client created itself, if any.</summary>
        public void Dispose() => _ownedHttpClient?.Dispose();

        private async Task<T> UploadAsync<T>(MediaKind kind, Stream content, string fileName, Func<StoredUpload, T> toModel, CancellationToken cancellationToken)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (string.IsNullOrWhiteSpace(fileName))
            {
                throw new ArgumentException($"Give the {kind.Noun} a file name, for example \"{kind.ExampleFileName}\".", nameof(fileName));
            }

            return toModel(await _uploader.UploadAsync(kind, content, Path.GetFileName(fileName), cancellationToken).ConfigureAwait(false));
        }

        private async Task<T> UploadFileAsync<T>(MediaKind kind, string filePath, Func<StoredUpload, T> toModel, CancellationToken cancellationToken)
            => toModel(await _uploader.UploadFileAsync(kind, filePath, cancellationToken).ConfigureAwait(false));

        private static void ThrowIfUnusableTaskId(string taskId)
        {
            // A first character that is not white space settles it without scanning the whole id.
            if (taskId is null || taskId.Length == 0 || (char.IsWhiteSpace(taskId[0]) && string.IsNullOrWhiteSpace(taskId)))
            {
                throw new ArgumentException("A task id is required: pass the Id of the VideoTask that SubmitAsync returned.", nameof(taskId));
            }

            // "." and ".." would be read as path segments and address another endpoint.
            if (taskId is "." or "..")
            {
                throw new ArgumentException($"\"{taskId}\" is not a task id.", nameof(taskId));
            }
        }

        private static HttpClient CreateOwnedHttpClient(KlingVideoClientOptions options)
        {
            options.ThrowIfInvalid();
#if NET
            // Recycle pooled connections so a long-lived client follows DNS changes. Per-attempt timeouts (TimeoutOptions)
            // bound each request; HttpClient.Timeout keeps its default as an outer guard.
            var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxAutomaticRedirections = 5 };
#else
            var handler = new HttpClientHandler { MaxAutomaticRedirections = 5 };
#endif
            return new HttpClient(handler);
        }
    }
}
