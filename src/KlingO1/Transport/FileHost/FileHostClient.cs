using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Transport.Operations;
using KlingO1.Transport.Resilience;
using Polly;

namespace KlingO1.Transport.FileHost
{
    /// <summary>
    /// Fetches finished videos from the service's file host (another host than the API, at an address an answer gave). It
    /// carries no credential: no API key is sent there, nor anything a handler or default header added
    /// (<see cref="FileHostRequests"/>); every address, each redirect's too, is checked first (<see cref="FileHostAddresses"/>).
    /// </summary>
    internal sealed class FileHostClient
    {
        private const int MaxRedirects = 5;

        // What a file host's refusal gives a snippet: its start.
        private const int MaxRefusalPrefixBytes = 4 * 1024;

        private static readonly ApiOperation Fetch = ApiOperations.FileHostFetch;

        private readonly Func<HttpClient> _http;
        private readonly Uri _apiRoot;
        private readonly string _apiKey;
        private readonly TimeProvider _time;
        private readonly RequestPipelines _pipelines;
        private readonly TimeSpan _refusalReadLimit;

        /// <param name="http">Gives the client to send one request with (the API's: its innermost handler keeps credentials off).</param>
        /// <param name="apiRoot">The API's address: a service on a loopback address may hand out local file addresses.</param>
        /// <param name="apiKey">The API key, never sent here: masked wherever a refusal's text is passed on.</param>
        /// <param name="time">The clock of the refusal's read limit.</param>
        /// <param name="pipelines">The pipelines (the file-host fetch's).</param>
        /// <param name="refusalReadLimit">The most a refusal's body is read for (<see cref="KlingTimeoutOptions.DownloadIdle"/>).</param>
        public FileHostClient(Func<HttpClient> http, Uri apiRoot, string apiKey, TimeProvider time, RequestPipelines pipelines, TimeSpan refusalReadLimit)
        {
            _http = http;
            _apiRoot = apiRoot;
            _apiKey = apiKey;
            _time = time;
            _pipelines = pipelines;
            _refusalReadLimit = refusalReadLimit;
        }

        /// <summary>Returns why the SDK will not fetch a file from <paramref name="url"/>, or null (see <see cref="FileHostAddresses"/>).</summary>
        public string? AddressProblem(Uri url) => FileHostAddresses.Problem(url, _apiRoot);

        /// <summary>
        /// Opens a file: headers read, body not yet. A refusal the operation table names a stale address's has the address
        /// asked for again, once, and fetched anew; any other refusal is thrown.
        /// </summary>
        /// <param name="url">The address, already checked with <see cref="AddressProblem"/>.</param>
        /// <param name="refreshAddress">Gives a fresh (checked) address for the same file.</param>
        /// <param name="refusal">What a refusal's exception says was refused.</param>
        /// <param name="cancellationToken">Ends the fetch.</param>
        /// <exception cref="KlingApiException">The file host refused the file (its status and the start of its body), or redirected where the SDK does not go.</exception>
        public async Task<FileHostFile> OpenAsync(Uri url, Func<CancellationToken, Task<Uri>> refreshAddress, string refusal, CancellationToken cancellationToken)
        {
            var response = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && Fetch.RefreshesAddressAfter(response.StatusCode))
            {
                response.Dispose();
                var fresh = await refreshAddress(cancellationToken).ConfigureAwait(false);
                response = await FetchAsync(fresh, cancellationToken).ConfigureAwait(false);
            }

            if (response.IsSuccessStatusCode)
            {
                return new FileHostFile(response);
            }

            using (response)
            {
                throw await RefusedAsync(response, refusal, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>One fetch through the operation's pipeline: the answer of the last hop, whatever its status.</summary>
        private async Task<HttpResponseMessage> FetchAsync(Uri url, CancellationToken cancellationToken)
        {
            using var span = OperationSpans.Start(Fetch, url);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            try
            {
                // The span ends with the headers: the body streams afterwards, under its own idle limit.
                var response = PipelineOutcomes.ResultOf(
                    await _pipelines.For(Fetch).ExecuteOutcomeAsync(
                        static async (context, state) =>
                        {
                            try
                            {
                                return Outcome.FromResult(await state.client.FollowAsync(state.http, state.url, context.CancellationToken).ConfigureAwait(false));
                            }
                            catch (OperationCanceledException ex) when (!context.CancellationToken.IsCancellationRequested)
                            {
                                return Outcome.FromException<HttpResponseMessage>(KlingTimeoutException.CutShort(Fetch.Name, state.http.Timeout, ex));
                            }
                            catch (Exception ex)
                            {
                                return Outcome.FromException<HttpResponseMessage>(ex);
                            }
                        },
                        context,
                        (client: this, url, http: _http())).ConfigureAwait(false),
                    Fetch);
                span.Answered(response.StatusCode);
                return response;
            }
            catch (Exception ex)
            {
                span.Failed(ex);
                throw;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        /// <summary>
        /// Fetches a file, following the file host's redirects one hop at a time and checking each address like the first
        /// (https, a public host): a redirect must not lead the SDK into the caller's own network. The SDK's handlers do
        /// not follow redirects themselves; a caller's handler that does is checked on the address it reached.
        /// </summary>
        private async Task<HttpResponseMessage> FollowAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(Fetch.Method, url);
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent.Value);
                FileHostRequests.Mark(request);
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var reached = response.RequestMessage?.RequestUri ?? url;
                if (reached != url && AddressProblem(reached) is { } reachedProblem)
                {
                    throw RedirectRefused(response, reached, reachedProblem);
                }

                if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
                {
                    return response;
                }

                var next = location.IsAbsoluteUri ? location : new Uri(reached, location);
                if (hop == MaxRedirects)
                {
                    throw RedirectRefused(response, next, $"it is redirect number {hop + 1}; the SDK follows at most {MaxRedirects}");
                }

                if (AddressProblem(next) is { } problem)
                {
                    throw RedirectRefused(response, next, problem);
                }

                response.Dispose();
                url = next;
            }
        }

        private KlingApiException RedirectRefused(HttpResponseMessage response, Uri target, string problem)
        {
            using (response)
            {
                return ApiErrorMapper.FromFileHost(
                    response, Array.Empty<byte>(), 0, _apiKey, $"the file host redirected to {ResponseBody.Redact(target.GetLeftPart(UriPartial.Path), _apiKey)}, which the SDK does not fetch: {problem}");
            }
        }

        /// <summary>Turns a refused answer into an exception that carries its status and body start.</summary>
        private async Task<KlingApiException> RefusedAsync(HttpResponseMessage response, string problem, CancellationToken cancellationToken)
        {
            // A snippet needs the start of the body only: the rest of a refusal, however large, is never read, and a body
            // that trickles is read for the refusal's read limit at most.
            var prefix = new byte[MaxRefusalPrefixBytes];
            var length = 0;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var timer = _time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), limit, _refusalReadLimit, Timeout.InfiniteTimeSpan);
            try
            {
#if NET
                using var body = await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false);
#else
                using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                int read;
                while (length < prefix.Length && (read = await body.ReadAsync(prefix, length, prefix.Length - length, limit.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The refusal stands with what of its body arrived.
            }

            return ApiErrorMapper.FromFileHost(response, prefix, length, _apiKey, problem);
        }
    }
}
