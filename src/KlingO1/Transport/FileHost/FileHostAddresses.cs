using System;
using KlingO1.Internal;

namespace KlingO1.Transport.FileHost
{
    /// <summary>
    /// Which addresses the SDK fetches a video from. The URL comes from an answer, so it is checked like input: https to a
    /// public host, no user name or password. A service on a loopback address (local testing, the simulator) may hand out
    /// http and loopback or private URLs; a public one may not point the SDK into the caller's own network.
    /// </summary>
    internal static class FileHostAddresses
    {
        /// <summary>Returns why the SDK will not fetch <paramref name="url"/>, or null when it will.</summary>
        public static string? Problem(Uri url, Uri apiRoot)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                return "it is not an http(s) URL";
            }

            if (url.UserInfo.Length > 0)
            {
                return "it carries a user name or password";
            }

            if (NetworkAddresses.IsLocal(apiRoot))
            {
                return null;
            }

            if (url.Scheme != Uri.UriSchemeHttps)
            {
                return "it is plain http (the service hands out https URLs)";
            }

            return NetworkAddresses.IsLocal(url) ? "it points at a loopback, link-local or private address" : null;
        }
    }
}
