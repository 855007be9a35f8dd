using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Features;

namespace KlingO1.Testing.InMemory
{
    /// <summary>
    /// The status and headers of an in-memory answer, with the start of a response as Kestrel has it: the
    /// <c>OnStarting</c> callbacks run (last registered first) before the first body byte, or when the handler ends
    /// without writing one, and the response has started from then on. The request log enters a request in such a
    /// callback, so it must run here too.
    /// </summary>
    internal sealed class InMemoryResponse : HttpResponseFeature
    {
        private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
        private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
        private bool _started;

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state)
        {
            if (_started)
            {
                throw new InvalidOperationException("The response has already started.");
            }

            _onStarting.Push((callback, state));
        }

        public override void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

        /// <summary>Starts the response, once: runs the <c>OnStarting</c> callbacks, after which the headers are sent.</summary>
        public async Task StartAsync()
        {
            while (!_started && _onStarting.Count > 0)
            {
                var (callback, state) = _onStarting.Pop();
                await callback(state).ConfigureAwait(false);
            }

            _started = true;
        }

        /// <summary>Ends the response: starts it if nothing was written, then runs the <c>OnCompleted</c> callbacks.</summary>
        public async Task CompleteAsync()
        {
            await StartAsync().ConfigureAwait(false);
            while (_onCompleted.Count > 0)
            {
                var (callback, state) = _onCompleted.Pop();
                await callback(state).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Turns what the handler had set into an empty answer of <paramref name="status"/>, as Kestrel answers a handler
        /// that failed before its response started.
        /// </summary>
        public void Replace(int status)
        {
            StatusCode = status;
            ReasonPhrase = null;
            Headers.Clear();
        }
    }
}
