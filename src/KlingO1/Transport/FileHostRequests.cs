using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Transport
{
    /// <summary>
    /// Keeps credentials off the file host (another host than the API, which serves the finished video): a request to it
    /// leaves with the SDK's user agent and nothing else of its headers, whatever a handler or the client's default headers
    /// added above. Innermost in every client the SDK makes, beside the single-send guard.
    /// </summary>
    internal sealed class FileHostRequests : DelegatingHandler
    {
        private const string OptionsKey = "KlingO1.FileHostRequest";
#if NET
        private static readonly HttpRequestOptionsKey<bool> Key = new(OptionsKey);
#endif

        // What a download may carry: the user agent, and what the network handler itself negotiates.
        private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase) { "User-Agent", "Accept-Encoding", "Range" };

        public FileHostRequests(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
        }

        /// <summary>Marks a request as one to the file host.</summary>
        public static void Mark(HttpRequestMessage request)
        {
#if NET
            request.Options.Set(Key, true);
#else
            request.Properties[OptionsKey] = true;
#endif
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (IsMarked(request))
            {
                foreach (var name in request.Headers.Select(h => h.Key).Where(name => !Kept.Contains(name)).ToList())
                {
                    request.Headers.Remove(name);
                }
            }

            return base.SendAsync(request, cancellationToken);
        }

        private static bool IsMarked(HttpRequestMessage request)
        {
#if NET
            return request.Options.TryGetValue(Key, out var marked) && marked;
#else
            return request.Properties.TryGetValue(OptionsKey, out var marked) && marked is true;
#endif
        }
    }
}
