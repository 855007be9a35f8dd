using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Transport.Wire;

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
        private const string UploadsPath = "v1/uploads/images";

        private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
        private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
        private static readonly ProductInfoHeaderValue UserAgent = new(
            "KlingO1", typeof(KlingHttpTransport).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

        private readonly HttpClient _http;
        private readonly Uri _generations;
        private readonly Uri _uploads;
        private readonly AuthenticationHeaderValue _authorization;
        private readonly string _apiKey;
        private readonly TimeProvider _time;

        public KlingHttpTransport(HttpClient http, Uri baseAddress, string apiKey, TimeProvider time)
        {
            _http = http;
            _apiKey = apiKey;
            _time = time;
            _authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var root = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
            _generations = new Uri(root, GenerationsPath);
            _uploads = new Uri(root, UploadsPath);
        }

        /// <summary><c>POST /v1/videos/generations</c>: creates (and bills) a task.</summary>
        public Task<VideoTask> SubmitAsync(SubmitRequestDto body, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, KlingJsonContext.Default.SubmitRequestDto));
            content.Headers.ContentType = JsonContentType;
            return SendToApiAsync(new HttpRequestMessage(HttpMethod.Post, _generations) { Content = content }, ReadTask, cancellationToken);
        }

        /// <summary><c>GET /v1/videos/generations/{id}</c>: reads a task.</summary>
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken)
            => SendToApiAsync(new HttpRequestMessage(HttpMethod.Get, TaskAddress(taskId)), ReadTask, cancellationToken);

        /// <summary>
        /// <c>POST /v1/uploads/images</c>: sends the image as the multipart field <c>file</c>, streamed from
        /// <paramref name="content"/> (never copied whole into memory).
        /// </summary>
        public Task<UploadedImage> UploadImageAsync(Stream content, string fileName, string mimeType, CancellationToken cancellationToken)
        {
            var file = new StreamContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
            var form = new MultipartFormDataContent { { file, "file", fileName } };
            return SendToApiAsync(new HttpRequestMessage(HttpMethod.Post, _uploads) { Content = form }, ReadUpload, cancellationToken);
        }

        /// <summary>
        /// Opens a file on the service's file host (another host than the API): headers read, body not yet. No API key
        /// is sent there. The caller disposes the response.
        /// </summary>
        public Task<HttpResponseMessage> OpenFileAsync(Uri url, CancellationToken cancellationToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.Add(UserAgent);
            return SendFileRequestAsync(request, cancellationToken);
        }

        /// <summary>Turns a refused file-host answer into an exception that carries its status and body start.</summary>
        public async Task<KlingApiException> FileRefusedAsync(HttpResponseMessage response, string problem, CancellationToken cancellationToken)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            return ApiErrorMapper.FromFileHost(response, body, _apiKey, problem);
        }

        internal Uri TaskAddress(string taskId) => new(_generations.AbsoluteUri + "/" + Uri.EscapeDataString(taskId));

        private static VideoTask ReadTask(HttpResponseMessage response, byte[] body)
            => WireMapping.ToVideoTask(JsonSerializer.Deserialize(body, KlingJsonContext.Default.TaskDto)
                ?? throw new JsonException("The body is JSON null, not a task."));

        private UploadedImage ReadUpload(HttpResponseMessage response, byte[] body)
        {
            var dto = JsonSerializer.Deserialize(body, KlingJsonContext.Default.UploadResponseDto)
                ?? throw new JsonException("The body is JSON null, not an upload answer.");
            return dto.Success ? WireMapping.ToUploadedImage(dto) : throw ApiErrorMapper.FromErrorResponse(response, body, _apiKey, _time);
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

        private async Task<HttpResponseMessage> SendFileRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (request)
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<T> SendToApiAsync<T>(HttpRequestMessage request, Func<HttpResponseMessage, byte[], T> read, CancellationToken cancellationToken)
        {
            using (request)
            {
                request.Headers.Authorization = _authorization;
                request.Headers.Accept.Add(AcceptJson);
                request.Headers.UserAgent.Add(UserAgent);

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
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
