using System;
using System.Collections.Generic;
using System.Net.Http;

namespace KlingO1.DependencyInjection
{
    /// <summary>
    /// Removes the resilience handlers an application adds to every HTTP client (<c>ConfigureHttpClientDefaults</c>, as
    /// .NET Aspire's service defaults do) from the SDK's client. The SDK has retries and limits per operation: a second
    /// layer would multiply status-read retries, cut submits and uploads short with its own total timeout, and retry
    /// submits that may have been billed (refused by the SDK, but then reported as outcome unknown rather than retried
    /// safely). Known by type name, so the SDK takes no dependency on the packages that define them.
    /// </summary>
    internal static class InheritedResilienceHandlers
    {
        private static readonly string[] TypeNames =
        {
            "Microsoft.Extensions.Http.Resilience.ResilienceHandler", // Microsoft.Extensions.Http.Resilience (Polly v8)
            "Microsoft.Extensions.Http.PolicyHttpMessageHandler", // Microsoft.Extensions.Http.Polly (Polly v7)
        };

        public static void RemoveFrom(IList<DelegatingHandler> handlers)
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (IsResilienceHandler(handlers[i].GetType()))
                {
                    handlers[i].Dispose();
                    handlers.RemoveAt(i);
                }
            }
        }

        private static bool IsResilienceHandler(Type? type)
        {
            for (; type is not null && type != typeof(DelegatingHandler); type = type.BaseType)
            {
                if (Array.IndexOf(TypeNames, type.FullName) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
