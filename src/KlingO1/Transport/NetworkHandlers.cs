using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>Settings the SDK applies to the network handler of the clients it builds.</summary>
    internal static class NetworkHandlers
    {
        /// <summary>
        /// True when the network handler answers an authentication challenge with credentials of its own
        /// (<c>Credentials</c>, or the process's default credentials): those would go to any host that asks, the file host too.
        /// </summary>
        public static bool CarriesCredentials(HttpMessageHandler network) => network switch
        {
#if NET
            SocketsHttpHandler sockets => sockets.Credentials is not null,
#endif
            HttpClientHandler client => client.Credentials is not null || client.UseDefaultCredentials,
#if NET
            _ => false,
#else
            // Built for netstandard2.0 but run on .NET 6 or later, the caller's handler may be a SocketsHttpHandler, a
            // type this build cannot name: ask any handler for the Credentials it would answer a challenge with.
            _ => network.GetType().GetProperty("Credentials")?.GetValue(network) is not null,
#endif
        };

        /// <summary>
        /// The SDK's own network handler: no credentials, no automatic redirects (the SDK follows a file host's, hop by hop
        /// and checked), and pooled connections recycled so a long-lived client follows DNS changes.
        /// </summary>
        public static HttpMessageHandler Create()
        {
#if NET
            return new SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
#else
            return new HttpClientHandler { AllowAutoRedirect = false };
#endif
        }

        /// <summary>
        /// Turns off automatic redirects on the network handler at the bottom of <paramref name="handler"/>'s chain, so the
        /// SDK follows a file host's redirects itself and checks every address (see <c>FileHostClient</c>).
        /// Only for handlers built for the SDK's own named clients, before their first request.
        /// </summary>
        public static void StopAutomaticRedirects(HttpMessageHandler handler)
        {
            var bottom = handler;
            while (bottom is DelegatingHandler { InnerHandler: { } inner })
            {
                bottom = inner;
            }

            switch (bottom)
            {
#if NET
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    break;
#endif
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    break;
            }
        }
    }
}
