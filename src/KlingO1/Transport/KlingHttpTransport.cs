using System;
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

        private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
        private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
        private static readonly ProductInfoHeaderValue UserAgent = new(
            "KlingO1", typeof(KlingHttpTransport).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

        private readonly HttpClient _http;
        private readonly Uri _generations;
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
        }

        /// <summary><c>POST /v1/videos/generations</c>: creates (and bills) a task.</summary>
        public Task<VideoTask> SubmitAsync(SubmitRequestDto body, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, KlingJsonContext.Default.SubmitRequestDto));
            content.Headers.ContentType = JsonContentType;
            return SendForTaskAsync(new HttpRequestMessage(HttpMethod.Post, _generations) { Content = content }, cancellationToken);
        }

        /// <summary><c>GET /v1/videos/generations/{id}</c>: reads a task.</summary>
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken)
            => SendForTaskAsync(new HttpRequestMessage(HttpMethod.Get, TaskAddress(taskId)), cancellationToken);

        internal Uri TaskAddress(string taskId) => new(_generations.AbsoluteUri + "/" + Uri.EscapeDataString(taskId));

        private async Task<VideoTask> SendForTaskAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (request)
            {
                request.Headers.Authorization = _authorization;
                request.Headers.Accept.Add(AcceptJson);
                request.Headers.UserAgent.Add(UserAgent);

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
#if NET
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
                if (!response.IsSuccessStatusCode)
                {
                    throw ApiErrorMapper.FromErrorResponse(response, body, _apiKey, _time);
                }

                try
                {
                    var dto = JsonSerializer.Deserialize(body, KlingJsonContext.Default.TaskDto)
                        ?? throw new JsonException("The body is JSON null, not a task.");
                    return WireMapping.ToVideoTask(dto);
                }
                catch (JsonException ex)
                {
                    throw ApiErrorMapper.FromUnreadableBody(response, body, _apiKey, ex);
                }
            }
        }
    }
}
