using System.Net;
using System.Net.Sockets;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>Loopback ports for a process the tests start on a port they must know in advance.</summary>
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
