using System.Net;
using System.Net.Sockets;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>Loopback ports for an app a test configures with a fixed one.</summary>
    internal static class FreePort
    {
        /// <summary>Returns a port that was free a moment ago (the system's pick, so a clash is unlikely).</summary>
        public static int Next()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
