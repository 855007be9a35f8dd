using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// The innermost handler of the SDK's own HTTP clients, directly above the primary handler: a submit passes it to the
    /// network once; a second pass of the same message (a retrying handler around it, .NET Aspire's standard resilience
    /// handler, hedging) is refused without sending. It also records the status of the one answer, so the SDK knows
    /// what the service said even when a handler around it swallowed the answer and retried.
    /// </summary>
    internal sealed class SingleSendHandler : DelegatingHandler
    {
        private const int MaxErrorBodyBytes = 64 * 1024;

        public SingleSendHandler()
        {
        }

        public SingleSendHandler(HttpMessageHandler innerHandler)
            : base(innerHandler)
        {
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (SubmitSend.Of(request) is not { } send)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            if (!send.TryHandOver())
            {
                throw new SubmitResentException();
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            send.RecordAnswer((int)response.StatusCode, response.StatusCode == HttpStatusCode.ServiceUnavailable ? await ErrorCodeAsync(response).ConfigureAwait(false) : null);
            return response;
        }

        /// <summary>Reads the error code of a 503 (bounded; the body stays readable for whoever handles the answer).</summary>
        private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
        {
            try
            {
                await response.Content.LoadIntoBufferAsync(MaxErrorBodyBytes).ConfigureAwait(false);
                return ApiErrorMapper.ErrorCode(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is HttpRequestException or System.IO.IOException or InvalidOperationException)
            {
                return null;
            }
        }
    }
}
