using System;
using KlingO1;
using KlingO1.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers <see cref="IKlingVideoClient"/> with dependency injection.</summary>
    public static class KlingServiceCollectionExtensions
    {
        /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> the client sends through.</summary>
        public const string HttpClientName = "KlingO1";

        /// <summary>
        /// Registers <see cref="IKlingVideoClient"/> as a typed HTTP client configured in code. Settings are
        /// validated when the host starts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the options, at least <see cref="KlingVideoClientOptions.ApiKey"/>.</param>
        /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>
        /// The client is resolved per use (transient), on a pooled handler from <c>IHttpClientFactory</c>. A
        /// <see cref="TimeProvider"/> registered in the container is used for polling. Calling this again is harmless.
        /// Do not add a handler that retries POST requests: a re-sent submit is billed twice.
        /// </remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, Action<KlingVideoClientOptions> configure)
        {
            if (configure is null)
            {
                throw new ArgumentNullException(nameof(configure));
            }

            return AddCore(services).Configure(configure).Services.AddKlingHttpClient();
        }

        /// <summary>
        /// Registers <see cref="IKlingVideoClient"/> as a typed HTTP client configured from a configuration section,
        /// for example <c>builder.Configuration.GetSection("KlingO1")</c>. Settings are validated when the host starts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configuration">The section whose keys are the <see cref="KlingVideoClientOptions"/> properties.</param>
        /// <returns>The HTTP client builder, to add handlers or configure the primary handler.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>See <see cref="AddKlingVideoClient(IServiceCollection, Action{KlingVideoClientOptions})"/>.</remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, IConfiguration configuration)
        {
            if (configuration is null)
            {
                throw new ArgumentNullException(nameof(configuration));
            }

            // The binder source generator intercepts this Bind call at compile time (EnableConfigurationBindingGenerator),
            // so no reflection runs; the trim analyzer still sees the original call and would warn.
#pragma warning disable IL2026, IL3050
            return AddCore(services).Configure(options => configuration.Bind(options)).Services.AddKlingHttpClient();
#pragma warning restore IL2026, IL3050
        }

        private static OptionsBuilder<KlingVideoClientOptions> AddCore(IServiceCollection services)
        {
            if (services is null)
            {
                throw new ArgumentNullException(nameof(services));
            }

            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KlingVideoClientOptions>, KlingVideoClientOptionsValidator>());
            return services.AddOptions<KlingVideoClientOptions>().ValidateOnStart();
        }

        private static IHttpClientBuilder AddKlingHttpClient(this IServiceCollection services)
            => services.AddHttpClient<IKlingVideoClient, KlingVideoClient>(
                HttpClientName,
                static (httpClient, provider) => new KlingVideoClient(
                    httpClient,
                    provider.GetRequiredService<IOptions<KlingVideoClientOptions>>().Value,
                    provider.GetService<TimeProvider>() ?? TimeProvider.System,
                    provider.GetService<ILogger<KlingVideoClient>>() ?? NullLogger<KlingVideoClient>.Instance));
    }
}
