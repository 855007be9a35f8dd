using System;
using System.Net;
using System.Net.Sockets;

namespace KlingO1.Internal
{
    /// <summary>Whether a URL's host is a public internet address, as far as its name or IP literal tells without a look-up.</summary>
    internal static class NetworkAddresses
    {
        /// <summary>
        /// True for a loopback name (<c>localhost</c>, <c>*.localhost</c>) or a loopback, link-local, private, shared,
        /// unspecified, multicast or reserved IP address.
        /// </summary>
        public static bool IsLocal(Uri url)
        {
            var host = url.IdnHost;
            if (url.IsLoopback || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
                || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                return false;
            }

            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            var b = address.GetAddressBytes();
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                    || (b[0] & 0xFE) == 0xFC || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback);
            }

            return b[0] is 10 or 127 or 0 or >= 224
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113);
        }
    }
}
