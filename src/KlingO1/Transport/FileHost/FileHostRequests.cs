using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Transport.FileHost
{
    /// <summary>
    /// Keeps credentials off the file host (another host than the API, which serves the finished video): a request to it
    /// leaves with the SDK's user agent and nothing else of its headers, whatever a handler or the client's default headers
    /// added above; and when the network handler itself holds credentials (which it would hand to any host that asks), it
    /// leaves through a credential-free handler of the SDK's own instead. Innermost in every client the SDK makes, beside
    /// the single-send guard.
    /// </summary>
    internal sealed class FileHostRequests : DelegatingHandler
    {
        private const string OptionsKey = "KlingO1.FileHostRequest";
        private static readonly object Marker = new();

        // What a download may carry: the user agent, and what the network handler itself negotiates.
        private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase) { "User-Agent", "Accept-Encoding", "Range" };

        private readonly HttpMessageInvoker? _credentialFree;

        public FileHostRequests(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
            _credentialFree = NetworkHandlers.CarriesCredentials(innerHandler)
                ? new HttpMessageInvoker(NetworkHandlers.Create(), disposeHandler: true)
                : null;
        }

        /// <summary>Marks a request as one to the file host.</summary>
        public static void Mark(HttpRequestMessage request) => RequestMarks.Set(request, OptionsKey, Marker);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (RequestMarks.Get<object>(request, OptionsKey) is not null)
            {
                foreach (var name in request.Headers.Select(h => h.Key).Where(name => !Kept.Contains(name)).ToList())
                {
                    request.Headers.Remove(name);
                }

                if (_credentialFree is not null)
                {
                    return _credentialFree.SendAsync(request, cancellationToken);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _credentialFree?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
