using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Media;
using KlingO1.Observability;
using KlingO1.Transport.Resilience;
using KlingO1.Transport.Wire;
using Polly;
using Polly.Timeout;

namespace KlingO1.Transport
{
    /// <summary>
    /// Sends the SDK's requests to the service and turns the answers into models or typed exceptions. It sends each
    /// request exactly once: whether to try again is decided by the caller, per operation.
    /// </summary>
    /// <remarks>
    /// Every address is built from the configured base address, so the API key (added per request, never to the
    /// shared <see cref="HttpClient"/>) only travels to the service's own host.
    /// </remarks>
    internal sealed class KlingHttpTransport
    {
        private const string GenerationsPath = "v1/videos/generations";

        private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
        private static readonly string UserAgentValue = "KlingO1/" + (typeof(KlingHttpTransport).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

        private readonly HttpClient _http;
        private readonly Uri _generations;
        private readonly Uri _root;
        private readonly string _authorizationValue;
        private readonly string _apiKey;
        private readonly TimeProvider _time;
        private readonly RequestPipelines _pipelines;

        public KlingHttpTransport(HttpClient http, Uri baseAddress, string apiKey, TimeProvider time, RequestPipelines pipelines)
        {
            _http = http;
            _apiKey = apiKey;
            _time = time;
            _pipelines = pipelines;
            _authorizationValue = "Bearer " + apiKey;
            var root = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
            _generations = new Uri(root, GenerationsPath);
            _root = root;
        }

        /// <summary>
        /// <c>POST /v1/videos/generations</c>: creates (and bills) a task. Re-sent only when provably not accepted;
        /// a failure after which the task may exist becomes <see cref="VideoSubmitOutcomeUnknownException"/>.
        /// </summary>
        public async Task<VideoTask> SubmitAsync(SubmitRequestDto body, CancellationToken cancellationToken)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(body, KlingJsonContext.Requests.SubmitRequestDto);
            try
            {
                return await SendToApiAsync(
                    _pipelines.Submit,
                    "submit",
                    Instruments.Submits,
                    () => new HttpRequestMessage(HttpMethod.Post, _generations) { Content = JsonContent(json) },
                    ReadTask,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (MayHaveBeenAccepted(ex))
            {
                throw new VideoSubmitOutcomeUnknownException(body.ClientBusinessId, ex);
            }
        }

        /// <summary><c>GET /v1/videos/generations/{id}</c>: reads a task (by its id or its client business id).</summary>
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken)
        {
            return SendToApiAsync(_pipelines.StatusRead, "status read", Instruments.StatusReads, () => new HttpRequestMessage(HttpMethod.Get, TaskAddress(taskId)), ReadTask, cancellationToken);
        }

        /// <summary>
        /// <c>POST /v1/uploads/images</c> or <c>/v1/uploads/videos</c>: sends the file as the multipart field <c>file</c>,
        /// streamed from the content the factory makes for each attempt. Retried only when the factory can make it
        /// again (<paramref name="canRetry"/>).
        /// </summary>
        public Task<StoredUpload> UploadAsync(MediaKind kind, Func<HttpContent> createFileContent, string fileName, bool canRetry, CancellationToken cancellationToken)
            => SendToApiAsync(
                canRetry ? _pipelines.Upload : _pipelines.UploadOnce,
                kind.Noun + " upload",
                sentCounter: null,
                () => new HttpRequestMessage(HttpMethod.Post, new Uri(_root, kind.UploadPath)) { Content = new MultipartFormDataContent { { createFileContent(), "file", fileName } } },
                ReadUpload,
                cancellationToken);

        /// <summary>
        /// Opens a file on the service's file host (another host than the API): headers read, body not yet. No API key
        /// is sent there. The caller disposes the response.
        /// </summary>
        public async Task<HttpResponseMessage> OpenFileAsync(Uri url, CancellationToken cancellationToken)
        {
            using var activity = Instruments.Source.StartActivity("KlingO1 video download", ActivityKind.Client);
            try
            {
                return await _pipelines.FileOpen.ExecuteAsync(
                    static async (state, token) =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, state.url);
                        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);
                        return await state.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                    },
                    (url, http: _http),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new KlingTimeoutException("video download", ex.Timeout, ex);
            }
        }

        /// <summary>Turns a refused file-host answer into an exception that carries its status and body start.</summary>
        public async Task<KlingApiException> FileRefusedAsync(HttpResponseMessage response, string problem, CancellationToken cancellationToken)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            return ApiErrorMapper.FromFileHost(response, body, _apiKey, problem);
        }

        /// <summary>Tells whether a failed submit may have created a task: anything but a refusal the service stated.</summary>
        private static bool MayHaveBeenAccepted(Exception exception) => exception switch
        {
            KlingApiException api => !TransientFailures.IsStatedSubmitRefusal(api.StatusCode, api.ErrorCode)
                && (api.StatusCode is HttpStatusCode.OK or HttpStatusCode.RequestTimeout || (int)api.StatusCode >= 500),
            KlingTimeoutException or IOException => true,
            HttpRequestException http => !TransientFailures.NeverReachedService(http),
            _ => false,
        };

        private static ByteArrayContent JsonContent(byte[] json)
        {
            var content = new ByteArrayContent(json);
            content.Headers.ContentType = JsonContentType;
            return content;
        }

        internal Uri TaskAddress(string taskId) => new(_generations.AbsoluteUri + "/" + Uri.EscapeDataString(taskId));

        private static VideoTask ReadTask(HttpResponseMessage response, byte[] body)
            => WireMapping.ToVideoTask(JsonSerializer.Deserialize(body, KlingJsonContext.Default.TaskDto)
                ?? throw new JsonException("The body is JSON null, not a task."));

        private StoredUpload ReadUpload(HttpResponseMessage response, byte[] body)
        {
            var dto = JsonSerializer.Deserialize(body, KlingJsonContext.Default.UploadResponseDto)
                ?? throw new JsonException("The body is JSON null, not an upload answer.");
            return dto.Success ? WireMapping.ToStoredUpload(dto) : throw ApiErrorMapper.FromErrorResponse(response, body, _apiKey, _time);
        }

        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
#if NET
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
            cancellationToken.ThrowIfCancellationRequested();
            return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        }

        private async Task<T> SendToApiAsync<T>(
            ResiliencePipeline<HttpResponseMessage> pipeline,
            string operation,
            Counter<long>? sentCounter,
            Func<HttpRequestMessage> createRequest,
            Func<HttpResponseMessage, byte[], T> read,
            CancellationToken cancellationToken)
        {
            using var activity = Instruments.Source.StartActivity("KlingO1 " + operation, ActivityKind.Client);
            HttpResponseMessage response;
            try
            {
                response = await pipeline.ExecuteAsync(
                    static async (state, token) =>
                    {
                        // Counted per request sent, retries included: these are what the service bills and rate-limits.
                        state.sentCounter?.Add(1);
                        using var request = state.createRequest();
                        // Pre-formatted values, added without re-validation: these run on every request.
                        request.Headers.TryAddWithoutValidation("Authorization", state.self._authorizationValue);
                        request.Headers.TryAddWithoutValidation("Accept", "application/json");
                        request.Headers.TryAddWithoutValidation("User-Agent", UserAgentValue);
                        return await state.self._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    },
                    (self: this, createRequest, sentCounter),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new KlingTimeoutException(operation, ex.Timeout, ex);
            }

            using (response)
            {
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw ApiErrorMapper.FromErrorResponse(response, body, _apiKey, _time);
                }

                try
                {
                    return read(response, body);
                }
                catch (JsonException ex)
                {
                    throw ApiErrorMapper.FromUnreadableBody(response, body, _apiKey, ex);
                }
            }
        }
    }
}
