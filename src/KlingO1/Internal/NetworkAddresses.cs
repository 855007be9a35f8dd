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
            // A fully qualified name ends in a dot ("localhost.", "127.0.0.1."): the same host, so judged without it.
            var host = url.IdnHost.EndsWith(".", StringComparison.Ordinal) ? url.IdnHost.Substring(0, url.IdnHost.Length - 1) : url.IdnHost;
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
                    || (b[0] & 0xFE) == 0xFC || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                    || WrapsIPv4(b) is { } inner && IsLocalIPv4(inner)
                    || IsReservedIPv6(b);
            }

            return IsLocalIPv4(b);
        }

        /// <summary>The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which reaches it.</summary>
        private static byte[]? WrapsIPv4(byte[] b)
        {
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0)
            {
                return new[] { b[12], b[13], b[14], b[15] };
            }

            return b[0] == 0x20 && b[1] == 0x02 ? new[] { b[2], b[3], b[4], b[5] } : null;
        }

        /// <summary>Discard (100::/64), IETF protocol assignments (2001::/23, Teredo among them) and documentation (2001:db8::/32).</summary>
        private static bool IsReservedIPv6(byte[] b)
            => (b[0] == 0x01 && b[1] == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8);

        private static bool IsLocalIPv4(byte[] b)
        {
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
