using System.Runtime.InteropServices;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>The two libc calls .NET has no API for: sending a chosen signal, and asking whether we run as root.</summary>
    internal static class Posix
    {
        public const int Sigint = 2;
        public const int Sigterm = 15;

        /// <summary>Gets a value indicating whether this process runs as root (CI does): PostgreSQL refuses to run as root.</summary>
        public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

        /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it is gone.</summary>
        public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        [DllImport("libc")]
        private static extern uint geteuid();
    }
}
