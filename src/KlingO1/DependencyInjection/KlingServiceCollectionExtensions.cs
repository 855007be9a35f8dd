using System;
using System.Threading;
using KlingO1;
using KlingO1.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using KlingO1.Internal;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers <see cref="IKlingVideoClient"/> with dependency injection.</summary>
    public static class KlingServiceCollectionExtensions
    {
        /// <summary>
        /// The name of the <see cref="System.Net.Http.HttpClient"/> the default client sends through; a named client
        /// (<see cref="AddKlingVideoClient(IServiceCollection, string, Action{KlingVideoClientOptions})"/>) sends through
        /// <c>KlingO1:</c> followed by its name.
        /// </summary>
        public const string HttpClientName = "KlingO1";

        /// <summary>
        /// Registers <see cref="IKlingVideoClient"/> configured in code. Settings are validated when the host starts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the options, at least <see cref="KlingVideoClientOptions.ApiKey"/>.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>, to add handlers or configure the primary handler.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>
        /// <para>
        /// The container holds one engine for the application (transport, pipelines, the poll scheduler and its status-read
        /// cap); <see cref="IKlingVideoClient"/> is a singleton front over it, so the cap holds app-wide. A
        /// <see cref="TimeProvider"/> and an <c>ILoggerFactory</c> registered in the container are used unless the options
        /// set their own. Disposing the container ends the engine's waits. Calling this again is harmless.
        /// </para>
        /// <para>
        /// A submit is sent at most once whatever handlers the client's pipeline has: the SDK's innermost handler refuses a
        /// second send. Resilience handlers the application adds to every client (<c>ConfigureHttpClientDefaults</c> with
        /// <c>AddStandardResilienceHandler</c>, as .NET Aspire's service defaults do) are removed from this client, which has
        /// its own per-operation retries and limits; handlers added to the returned builder are kept.
        /// The client's <see cref="System.Net.Http.HttpClient.Timeout"/> is infinite: the SDK bounds each attempt itself.
        /// </para>
        /// </remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, Action<KlingVideoClientOptions> configure)
            => AddKlingVideoClient(services, Options.Options.DefaultName, configure);

        /// <summary>
        /// Registers a named <see cref="IKlingVideoClient"/> configured in code, for example a second API key. Resolve it
        /// as a keyed service (<c>[FromKeyedServices("name")] IKlingVideoClient</c>); each name has an engine of its own.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The client's name; <see cref="string.Empty"/> is the default client.</param>
        /// <param name="configure">Sets the options, at least <see cref="KlingVideoClientOptions.ApiKey"/>.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>See <see cref="AddKlingVideoClient(IServiceCollection, Action{KlingVideoClientOptions})"/>.</remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, string name, Action<KlingVideoClientOptions> configure)
        {
            Guard.NotNull(configure);

            return AddCore(services, name, options => options.Configure(configure));
        }

        /// <summary>
        /// Registers <see cref="IKlingVideoClient"/> configured from a configuration section, for example
        /// <c>builder.Configuration.GetSection("KlingO1")</c>. Settings are validated when the host starts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configuration">The section whose keys are the <see cref="KlingVideoClientOptions"/> properties.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>See <see cref="AddKlingVideoClient(IServiceCollection, Action{KlingVideoClientOptions})"/>.</remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, IConfiguration configuration)
            => AddKlingVideoClient(services, Options.Options.DefaultName, configuration);

        /// <summary>Registers a named <see cref="IKlingVideoClient"/> configured from a configuration section.</summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The client's name; <see cref="string.Empty"/> is the default client.</param>
        /// <param name="configuration">The section whose keys are the <see cref="KlingVideoClientOptions"/> properties.</param>
        /// <returns>The builder of the client's <see cref="System.Net.Http.HttpClient"/>.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <remarks>See <see cref="AddKlingVideoClient(IServiceCollection, string, Action{KlingVideoClientOptions})"/>.</remarks>
        public static IHttpClientBuilder AddKlingVideoClient(this IServiceCollection services, string name, IConfiguration configuration)
        {
            Guard.NotNull(configuration);

            // Setting by setting, with no reflection (trim- and AOT-safe); TimeProvider and LoggerFactory are objects, not settings.
            return AddCore(services, name, options => options.Configure(o => KlingConfigurationBinding.Bind(configuration, o)));
        }

        private static IHttpClientBuilder AddCore(IServiceCollection services, string name, Action<OptionsBuilder<KlingVideoClientOptions>> configure)
        {
            Guard.NotNull(services);

            Guard.NotNull(name);

            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KlingVideoClientOptions>, KlingVideoClientOptionsValidator>());
            configure(services.AddOptions<KlingVideoClientOptions>(name).ValidateOnStart());

            var registrations = KlingRegistrations.In(services);
            var httpClientName = KlingRegistrations.HttpClientNameFor(name);
            var builder = services.AddHttpClient(httpClientName);
            if (!registrations.Add(name))
            {
                return builder;
            }

            // Once per name. Runs in the client's configuration where this call stands: after the application-wide
            // defaults, before handlers added to the returned builder.
            builder.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) => InheritedResilienceHandlers.RemoveFrom(handlers));
            builder.ConfigureHttpClient(static client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = KlingO1.Transport.KlingHttpTransport.MaxAnswerBytes;
            });
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, SingleSendHandlerFilter>());
            services.TryAddSingleton<KlingVideoEngines>();
            services.AddKeyedSingleton<IKlingVideoClient>(name, static (provider, key) => provider.GetRequiredService<KlingVideoEngines>().Front((string)key!));
            if (name.Length == 0)
            {
                services.TryAddSingleton<IKlingVideoClient>(static provider => provider.GetRequiredService<KlingVideoEngines>().Front(Options.Options.DefaultName));
            }

            return builder;
        }
    }
}
