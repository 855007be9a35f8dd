using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Testing.InMemory
{
    /// <summary>
    /// Answers requests to the simulator's address by running them through its request handling in memory, with no
    /// socket. Anything else fails as an unreachable server does: this handler has no network to pass requests on to.
    /// </summary>
    internal sealed class InMemoryHandler : HttpMessageHandler
    {
        private readonly SimulatorState _state;
        private readonly CancellationToken _simulatorStopped;

        public InMemoryHandler(SimulatorState state, CancellationToken simulatorStopped)
        {
            _state = state;
            _simulatorStopped = simulatorStopped;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri;
            if (uri is null || !uri.IsAbsoluteUri)
            {
                throw new InvalidOperationException("The request has no absolute address.");
            }

            var simulator = _state.BaseAddress;
            if (Uri.Compare(uri, simulator, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                throw new HttpRequestException(
                    HttpRequestError.ConnectionError,
                    $"The simulator's handler answers only {simulator.GetLeftPart(UriPartial.Authority)}, not {uri.GetLeftPart(UriPartial.Authority)}: it passes nothing on to the network.");
            }

            if (_simulatorStopped.IsCancellationRequested)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"The simulator at {simulator} has been disposed.");
            }

            using var exchange = await InMemoryExchange.ReadAsync(request, cancellationToken, _simulatorStopped).ConfigureAwait(false);

            // When the client gives up, RequestAborted tells the simulator, whose every wait ends on it; the client waits for
            // that end, so the request is in the log (unanswered) by the time the client's call throws.
            await exchange.RunAsync(context => KlingSimulator.HandleAsync(context, _state), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return exchange.ToResponse(request);
        }
    }
}
