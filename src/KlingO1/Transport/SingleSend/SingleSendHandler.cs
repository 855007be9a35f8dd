using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Transport.FileHost;
using KlingO1.Transport.Resilience;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// The innermost handler of the SDK's own HTTP clients, directly above the network handler: a submit passes it to the
    /// network once. A second pass of the same message (a retrying handler around it, .NET Aspire's standard resilience
    /// handler, hedging) is refused without sending, once the first pass has ended (so a hedge does not cut the first off);
    /// a submit message without the SDK's record (a copy a handler made) is refused outright. It records what the network
    /// answered, so the SDK decides by that even when a handler around it swallowed or replaced the answer.
    /// </summary>
    internal sealed class SingleSendHandler : DelegatingHandler
    {
        private const string SubmitPathSuffix = "/v1/videos/generations";

        public SingleSendHandler()
        {
        }

        public SingleSendHandler(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var send = SubmitSend.Of(request);
            if (send is null)
            {
                // Any other request passes straight through; the refusal of a copy is a failed task, as from the submit's own pass.
                return IsSubmit(request)
                    ? Task.FromException<HttpResponseMessage>(new SubmitResentException(copy: true))
                    : base.SendAsync(request, cancellationToken);
            }

            return SendOnceAsync(request, send, cancellationToken);
        }

        /// <summary>The submit's one pass to the network, with what the network said recorded; any further pass is refused.</summary>
        private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, SubmitSend send, CancellationToken cancellationToken)
        {
            if (!send.TryHandOver())
            {
                // A hedge racing the first send: the refusal comes once the first pass ended, so the first answer is there
                // for the hedging handler to take (it treats the refusal, an HttpRequestException, as a failed attempt).
                await WhenEnded(send.PassEnded, cancellationToken).ConfigureAwait(false);
                throw new SubmitResentException();
            }

            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                send.RecordAnswer((int)response.StatusCode);
                return response;
            }
            catch (Exception ex)
            {
                send.RecordFailure(TransientFailures.NeverReachedService(ex));
                throw;
            }
            finally
            {
                send.EndPass();
            }
        }

        /// <summary>
        /// Puts a guard (and the file host's header filter, <see cref="FileHostRequests"/>) directly above the network handler of <paramref name="handler"/>, also when it is a chain (a
        /// retrying handler over the network handler): nothing below the guard can send a submit again. Returns the
        /// handler to build the client on.
        /// </summary>
        /// <exception cref="InvalidOperationException">A handler of the chain has already sent requests.</exception>
        public static HttpMessageHandler BelowEveryHandler(HttpMessageHandler handler)
        {
            if (handler is not DelegatingHandler { InnerHandler: not null } top)
            {
                return Innermost(handler);
            }

            var lowest = top;
            while (lowest.InnerHandler is DelegatingHandler { InnerHandler: not null } next)
            {
                lowest = next;
            }

            if (lowest.InnerHandler is SingleSendHandler)
            {
                return top;
            }

            lowest.InnerHandler = Innermost(lowest.InnerHandler!);
            return top;
        }

        /// <summary>The SDK's innermost handlers over the network handler: this guard, and the file host's header filter.</summary>
        private static HttpMessageHandler Innermost(HttpMessageHandler network) => new SingleSendHandler(new FileHostRequests(network));

        /// <summary>A POST to the generations address: a copy of a submit (its record lost) is refused, never sent.</summary>
        private static bool IsSubmit(HttpRequestMessage request)
            => request.Method == HttpMethod.Post && request.RequestUri is { } uri
                && uri.AbsolutePath.TrimEnd('/').EndsWith(SubmitPathSuffix, StringComparison.OrdinalIgnoreCase);

        private static async Task WhenEnded(Task pass, CancellationToken cancellationToken)
        {
            if (pass.IsCompleted || !cancellationToken.CanBeCanceled)
            {
                await pass.ConfigureAwait(false);
                return;
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                await Task.WhenAny(pass, cancelled.Task).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
