using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KlingO1.Testing.InMemory
{
    /// <summary>
    /// One request run through the simulator in memory: the <see cref="HttpRequestMessage"/> turned into the
    /// <see cref="HttpContext"/> Kestrel would have built (method, path, query, headers, body), and the answer turned
    /// back into an <see cref="HttpResponseMessage"/> (status, headers, body).
    /// </summary>
    internal sealed class InMemoryExchange : IDisposable
    {
        private readonly InMemoryResponse _response = new();
        private readonly InMemoryResponseBody _body;
        private readonly InMemoryLifetime _lifetime;

        private InMemoryExchange(HttpRequestFeature request, InMemoryLifetime lifetime)
        {
            _body = new InMemoryResponseBody(_response);
            _lifetime = lifetime;
            var features = new FeatureCollection();
            features.Set<IHttpRequestFeature>(request);
            features.Set<IHttpResponseFeature>(_response);
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(_body));
            features.Set<IHttpRequestLifetimeFeature>(lifetime);
            Context = new DefaultHttpContext(features);
        }

        public HttpContext Context { get; }

        /// <summary>Gets a value indicating whether the simulator dropped the connection instead of answering.</summary>
        public bool Dropped => _lifetime.Dropped;

        /// <summary>Reads <paramref name="message"/> (its body into memory, as the server would receive it).</summary>
        public static async Task<InMemoryExchange> ReadAsync(HttpRequestMessage message, CancellationToken clientGaveUp, CancellationToken simulatorStopped)
        {
            var uri = message.RequestUri!;
            IHeaderDictionary headers = new HeaderDictionary();
            foreach (var header in message.Headers.NonValidated)
            {
                headers.Append(header.Key, Joined(header.Key, header.Value));
            }

            var body = new MemoryStream();
            if (message.Content is { } content)
            {
                foreach (var header in content.Headers.NonValidated)
                {
                    headers.Append(header.Key, Joined(header.Key, header.Value));
                }

                var promised = content.Headers.ContentLength;
                await content.CopyToAsync(body, clientGaveUp).ConfigureAwait(false);
                if (promised is { } length && length != body.Length)
                {
                    // A socket refuses to send a body that breaks its Content-Length; so does memory, or the bug would pass here.
                    throw new HttpRequestException($"Sent {body.Length} request content bytes, but Content-Length promised {length}.");
                }

                body.Position = 0;
                headers.ContentLength = body.Length;
            }

            if (!headers.ContainsKey("Host"))
            {
                headers.Host = uri.Authority;
            }

            var request = new HttpRequestFeature
            {
                Protocol = "HTTP/1.1",
                Scheme = uri.Scheme,
                Method = message.Method.Method,
                PathBase = string.Empty,
                Path = PathString.FromUriComponent(uri.AbsolutePath).Value ?? "/",
                QueryString = uri.Query,
                RawTarget = uri.PathAndQuery,
                Headers = headers,
                Body = body,
            };
            return new InMemoryExchange(request, new InMemoryLifetime(clientGaveUp, simulatorStopped));
        }

        /// <summary>Runs <paramref name="app"/> on the request, ending the response the way Kestrel ends it.</summary>
        /// <exception cref="OperationCanceledException">The client gave up (<paramref name="clientGaveUp"/>) before the answer was complete.</exception>
        public async Task RunAsync(RequestDelegate app, CancellationToken clientGaveUp)
        {
            try
            {
                await app(Context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (clientGaveUp.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception) when (Dropped)
            {
                // The connection is gone; nobody hears of the failure.
                return;
            }
            catch (Exception ex) when (!_response.HasStarted)
            {
                // Kestrel answers a handler that failed before its answer started with an empty 500 (or a bad request's own status).
                _response.Replace(ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
                _body.Clear();
            }
            catch (Exception)
            {
                // Part of the answer is out: Kestrel can only drop the connection.
                _lifetime.Abort();
                return;
            }

            if (!Dropped)
            {
                await Context.Response.CompleteAsync().ConfigureAwait(false);
                await _response.CompleteAsync().ConfigureAwait(false);
            }
        }

        /// <summary>Returns the answer, or throws as a dropped connection does.</summary>
        /// <exception cref="HttpRequestException">The simulator dropped the connection instead of answering.</exception>
        public HttpResponseMessage ToResponse(HttpRequestMessage request)
        {
            if (Dropped)
            {
                throw new HttpRequestException(
                    HttpRequestError.ResponseEnded,
                    "The simulator closed the connection without answering.",
                    new IOException("The response ended prematurely."));
            }

            // A server sends no body in answer to HEAD, only the headers (Content-Length among them) a GET would have.
            var written = request.Method == HttpMethod.Head ? new ArraySegment<byte>(Array.Empty<byte>()) : _body.Written;
            var content = new ByteArrayContent(written.Array!, written.Offset, written.Count);
            var response = new HttpResponseMessage((HttpStatusCode)_response.StatusCode)
            {
                RequestMessage = request,
                Version = HttpVersion.Version11,
                Content = content,
            };
            if (_response.ReasonPhrase is { } reason)
            {
                response.ReasonPhrase = reason;
            }

            foreach (var (name, values) in _response.Headers)
            {
                var all = values.Select(v => v ?? string.Empty).ToArray();
                if (!response.Headers.TryAddWithoutValidation(name, all))
                {
                    content.Headers.TryAddWithoutValidation(name, all);
                }
            }

            return response;
        }

        public void Dispose()
        {
            _lifetime.Dispose();
            _body.Dispose();
        }

        // How values of one header travel on the wire: on one line, as HttpClient joins them.
        private static string Joined(string name, HeaderStringValues values)
            => string.Join(string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ", values);
    }
}
