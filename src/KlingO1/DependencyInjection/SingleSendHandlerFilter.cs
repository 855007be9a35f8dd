using System;
using KlingO1.Transport;
using KlingO1.Transport.SingleSend;
using Microsoft.Extensions.Http;

namespace KlingO1.DependencyInjection
{
    /// <summary>
    /// Puts <see cref="SingleSendHandler"/> directly above the network handler of the SDK's HTTP clients (below a primary
    /// handler that is itself a chain), after every other configuration has run: no handler the application or a
    /// framework adds, in any order, can sit between it and the network, so none can send a submit twice.
    /// </summary>
    internal sealed class SingleSendHandlerFilter : IHttpMessageHandlerBuilderFilter
    {
        private readonly KlingRegistrations _registrations;

        public SingleSendHandlerFilter(KlingRegistrations registrations) => _registrations = registrations;

        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
            => builder =>
            {
                next(builder);
                if (_registrations.IsKlingHttpClient(builder.Name))
                {
                    NetworkHandlers.StopAutomaticRedirects(builder.PrimaryHandler);
                    builder.PrimaryHandler = SingleSendHandler.BelowEveryHandler(builder.PrimaryHandler);
                }
            };
    }
}
