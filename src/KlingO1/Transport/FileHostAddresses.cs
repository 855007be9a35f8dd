using System;
using System.Net;
using System.Net.Sockets;

namespace KlingO1.Transport
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

            if (IsLocal(apiRoot))
            {
                return null;
            }

            if (url.Scheme != Uri.UriSchemeHttps)
            {
                return "it is plain http (the service hands out https URLs)";
            }

            return IsLocal(url) ? "it points at a loopback, link-local or private address" : null;
        }

        /// <summary>True for a loopback name or a loopback, link-local, private or unspecified IP address.</summary>
        public static bool IsLocal(Uri url)
        {
            if (url.IsLoopback || string.Equals(url.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address))
            {
                return false;
            }

            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                var bytes = address.GetAddressBytes();
                return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (bytes[0] & 0xFE) == 0xFC || address.Equals(IPAddress.IPv6Any);
            }

            var b = address.GetAddressBytes();
            return b[0] is 10 or 127 or 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }
    }
}
