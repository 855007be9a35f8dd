using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Media;
using KlingO1.Observability;
using KlingO1.Polling;
using KlingO1.Transport;
using KlingO1.Transport.FileHost;
using KlingO1.Transport.Resilience;
using Microsoft.Extensions.Logging;

namespace KlingO1.Engine
{
    /// <summary>
    /// Everything a client shares with every other front of the same application and name: the transport and its
    /// pipelines, the poll scheduler (and so the status-read cap), uploads and downloads. Dependency injection holds one per
    /// client name for the life of the container, however often <see cref="IKlingVideoClient"/> is resolved; a client
    /// made with <c>new</c> owns one of its own.
    /// </summary>
    /// <remarks>Thread-safe. Disposing it ends every wait it serves, and releases the HTTP client it owns, if any.</remarks>
    internal sealed class KlingVideoEngine : IDisposable
    {
        private readonly IDisposable? _ownedHttpClient;
        private readonly CancellationTokenSource _stopping = new();
        private int _disposed;

        /// <param name="http">Gives the HTTP client for one request (a fixed one, or one from <c>IHttpClientFactory</c>).</param>
        /// <param name="settings">The settings, validated and copied from the options.</param>
        /// <param name="time">The clock of polling, retries and timeouts.</param>
        /// <param name="logger">Where to log.</param>
        /// <param name="nextUnitRandom">The jitter source (seeded in tests).</param>
        /// <param name="ownedHttpClient">The HTTP client this engine made and releases, or null.</param>
        /// <param name="guarded">True when the clients <paramref name="http"/> gives have the SDK's innermost single-send handler.</param>
        public KlingVideoEngine(
            Func<HttpClient> http, EngineSettings settings, TimeProvider time, ILogger logger, Func<double> nextUnitRandom, IDisposable? ownedHttpClient = null, bool guarded = false)
        {
            Model = settings.Model;
            RequestShape = settings.RequestShape;
            GenerateBusinessIds = settings.GenerateBusinessIds;
            Logger = NeverThrowingLogger.Wrap(logger);
            Time = time;
            var pipelines = new RequestPipelines(settings.Retry, settings.Timeouts, time, nextUnitRandom, Logger);

            // Status-read answers pace the scheduler that every wait shares (set before any read can be sent).
            ReportedReadLimits? readLimits = null;
            Transport = new KlingHttpTransport(http, settings.BaseAddress, settings.ApiKey, time, pipelines, guarded, settings.Permits, report => readLimits!.Follow(report));
            Poller = new TaskPoller(ReadWhileRunning, StatusReadFailures.Judge, settings.Polling, time, nextUnitRandom, Logger, settings.Permits.StatusReads);
            readLimits = new ReportedReadLimits(Poller.Scheduler);
            FileHost = new FileHostClient(http, settings.BaseAddress, settings.ApiKey, time, pipelines, settings.Timeouts.DownloadIdle);
            Uploader = new MediaUploader(Transport, time, settings.Timeouts.Upload);
            Downloader = new VideoDownloader(Transport, FileHost, time, settings.Timeouts.DownloadIdle);
            _ownedHttpClient = ownedHttpClient;
        }

        public string Model { get; }

        public RequestShape RequestShape { get; }

        public bool GenerateBusinessIds { get; }

        public ILogger Logger { get; }

        public TimeProvider Time { get; }

        public KlingHttpTransport Transport { get; }

        /// <summary>Gets the client of the file host, which serves finished videos and gets no credential.</summary>
        public FileHostClient FileHost { get; }

        public TaskPoller Poller { get; }

        public MediaUploader Uploader { get; }

        public VideoDownloader Downloader { get; }

        /// <summary>
        /// Throws when <paramref name="httpClient"/>'s own timeout would cut a request short before the SDK's per-attempt
        /// limits (<paramref name="timeouts"/>): a cut submit could not be told from a lost one.
        /// </summary>
        /// <exception cref="ArgumentException">The timeout is shorter than the longest per-attempt limit.</exception>
        public static void ThrowIfTimeoutTooShort(HttpClient httpClient, KlingTimeoutOptions timeouts)
        {
            var longest = timeouts.Longest;
            if (httpClient.Timeout != Timeout.InfiniteTimeSpan && httpClient.Timeout < longest)
            {
                throw new ArgumentException(
                    $"HttpClient.Timeout ({httpClient.Timeout}) is shorter than the SDK's longest per-attempt limit ({longest}, KlingVideoClientOptions.Timeouts) "
                    + "and would cut requests short, a paid submit among them. Set HttpClient.Timeout to Timeout.InfiniteTimeSpan (the SDK bounds "
                    + "every attempt itself) or at least that long, or lower the Timeouts.",
                    "httpClient");
            }
        }

        /// <summary>A wait's status read (with the permit the scheduler got for it, if a limiter is set), ended early when the engine is disposed (the wait then ends as disposed).</summary>
        private async Task<VideoTask> ReadWhileRunning(string taskId, PermitInHand? permit, CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            try
            {
                return await Transport.GetTaskAsync(taskId, linked.Token, permit).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(
                    $"The client was disposed while reading video task {taskId}; the task goes on at the service: resume with another client and the same id.", ex);
            }
        }

        /// <summary>Throws once the engine is disposed: nothing is uploaded, submitted (and billed) or read after that.</summary>
        /// <exception cref="ObjectDisposedException">The engine (its owning client, or the container) was disposed.</exception>
        public void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                throw new ObjectDisposedException(nameof(KlingVideoClient), "The client was disposed; create another to go on (a task id resumes a wait on any client).");
            }
        }

        /// <summary>Ends every wait (each throws <see cref="ObjectDisposedException"/>, carrying its task id) and releases an owned HTTP client.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Poller.Scheduler.Close();

            // Reads under way end too (their waits then end as disposed), rather than running to their own limits.
            _stopping.Cancel();
            _ownedHttpClient?.Dispose();
        }
    }
}
