using System.Net.Http;

namespace KlingO1.Transport
{
    /// <summary>Settings the SDK applies to the network handler of the clients it builds.</summary>
    internal static class NetworkHandlers
    {
        /// <summary>
        /// Turns off automatic redirects on the network handler at the bottom of <paramref name="handler"/>'s chain, so the
        /// SDK follows a file host's redirects itself and checks every address (see <c>KlingHttpTransport.OpenFileAsync</c>).
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
