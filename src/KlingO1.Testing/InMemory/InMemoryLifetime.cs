using System;
using System.Threading;
using Microsoft.AspNetCore.Http.Features;

namespace KlingO1.Testing.InMemory
{
    /// <summary>
    /// <c>RequestAborted</c> and <c>Abort()</c> of an in-memory request: aborted when the client gives up (its token),
    /// when the simulator stops, or when the simulator drops the connection on purpose (a lost submit response).
    /// </summary>
    internal sealed class InMemoryLifetime : IHttpRequestLifetimeFeature, IDisposable
    {
        private readonly CancellationTokenSource _aborted;
        private readonly CancellationTokenRegistration _onStop;
        private int _dropped;

        public InMemoryLifetime(CancellationToken clientGaveUp, CancellationToken simulatorStopped)
        {
            _aborted = CancellationTokenSource.CreateLinkedTokenSource(clientGaveUp);
            RequestAborted = _aborted.Token;
            _onStop = simulatorStopped.Register(static lifetime => ((InMemoryLifetime)lifetime!).Abort(), this);
        }

        public CancellationToken RequestAborted { get; set; }

        /// <summary>Gets a value indicating whether the connection was dropped: the client gets no answer.</summary>
        public bool Dropped => Volatile.Read(ref _dropped) != 0;

        public void Abort()
        {
            Volatile.Write(ref _dropped, 1);
            _aborted.Cancel();
        }

        public void Dispose()
        {
            _onStop.Dispose();
            _aborted.Dispose();
        }
    }
}
