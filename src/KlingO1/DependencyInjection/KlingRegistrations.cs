using System.Collections.Generic;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.DependencyInjection
{
    /// <summary>
    /// The client names registered in one service collection: what is set up once per name (the engine, the HTTP client's
    /// handlers), and which HTTP clients are the SDK's. Kept in the collection itself as a singleton instance.
    /// </summary>
    internal sealed class KlingRegistrations
    {
        private readonly HashSet<string> _names = new();
        private readonly HashSet<string> _httpClientNames = new();

        /// <summary>Gets the registrations of <paramref name="services"/>, adding them on first use.</summary>
        public static KlingRegistrations In(IServiceCollection services)
        {
            foreach (var descriptor in services)
            {
                if (descriptor.ServiceType == typeof(KlingRegistrations) && !descriptor.IsKeyedService && descriptor.ImplementationInstance is KlingRegistrations found)
                {
                    return found;
                }
            }

            var registrations = new KlingRegistrations();
            services.AddSingleton(registrations);
            return registrations;
        }

        /// <summary>Gets the name of the HTTP client a Kling client of that name sends through.</summary>
        public static string HttpClientNameFor(string name)
            => name.Length == 0 ? KlingServiceCollectionExtensions.HttpClientName : KlingServiceCollectionExtensions.HttpClientName + ":" + name;

        /// <summary>Records a client name; false when it was recorded already.</summary>
        public bool Add(string name)
        {
            lock (_names)
            {
                _httpClientNames.Add(HttpClientNameFor(name));
                return _names.Add(name);
            }
        }

        /// <summary>Tells whether an HTTP client is one of the SDK's.</summary>
        public bool IsKlingHttpClient(string? httpClientName)
        {
            lock (_names)
            {
                return httpClientName is not null && _httpClientNames.Contains(httpClientName);
            }
        }
    }
}
