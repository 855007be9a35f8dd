using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace KlingO1.Testing.Hosting
{
    /// <summary>
    /// The simulator host's lifetime: it hooks no signal and no console event. The default one (<c>ConsoleLifetime</c>)
    /// takes Ctrl+C, SIGTERM and SIGQUIT for the simulator, cancelling them, so the process hosting the simulator would
    /// no longer stop on them; the simulator stops when it is disposed, and the process's signals stay its own.
    /// </summary>
    internal sealed class GuestLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
