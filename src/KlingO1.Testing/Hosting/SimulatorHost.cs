using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace KlingO1.Testing.Hosting
{
    /// <summary>
    /// The loopback server, built to be a guest in someone else's process: it reads none of the process's configuration
    /// (no appsettings.json, no environment variables, no command line), so an app's <c>Kestrel:Endpoints</c> or
    /// <c>ASPNETCORE_URLS</c> cannot make it bind the app's port; it watches no file (a watcher per instance runs into the
    /// inotify limit after 128 simulators); it leaves the process's Ctrl+C and SIGTERM alone (<see cref="GuestLifetime"/>); and
    /// its spans and metrics carry names of its own, not the app's <c>Microsoft.AspNetCore</c> ones.
    /// </summary>
    internal static class SimulatorHost
    {
        // Uploads are refused by the endpoints' own limits (10 MB images, 50 MB videos) with the service's answer, not by
        // Kestrel's 30 MB default.
        private const long MaxRequestBodyBytes = 64L * 1024 * 1024;

        /// <summary>Starts a server on <paramref name="port"/> of the IPv4 loopback address that answers with <paramref name="handle"/>.</summary>
        /// <returns>The running app and the address it listens at (with a trailing slash).</returns>
        public static async Task<(WebApplication App, Uri Address)> StartAsync(int port, RequestDelegate handle, CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
            {
                // Fixed here, so neither ASPNETCORE_ENVIRONMENT nor the entry assembly's name shapes the simulator.
                ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
                EnvironmentName = Environments.Production,
                ContentRootPath = AppContext.BaseDirectory,
            });

            // Nothing is served from disk, so nothing on disk is opened or watched.
            builder.Environment.ContentRootFileProvider = new NullFileProvider();
            builder.Environment.WebRootFileProvider = new NullFileProvider();
            builder.Services.RemoveAll<IHostLifetime>();
            builder.Services.AddSingleton<IHostLifetime, GuestLifetime>();

            // Disposing stops at once, dropping running requests as the in-memory simulator does: the host's default
            // waits up to 30 s for them (a client waiting out a latency fault on a fake clock would hold a test that long).
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.Zero);

            // Its requests stay out of the app's telemetry: the server spans and diagnostic events go to a source and a
            // listener of the simulator's own name (which nobody listens to unless asked), its meters likewise.
            builder.Services.AddSingleton(_ => new ActivitySource(GuestMeterFactory.Prefix.TrimEnd('.')));
            builder.Services.AddSingleton(_ => new DiagnosticListener(GuestMeterFactory.Prefix.TrimEnd('.')));
            builder.Services.AddSingleton<DiagnosticSource>(services => services.GetRequiredService<DiagnosticListener>());
            builder.Services.RemoveAll<IMeterFactory>();
            builder.Services.AddSingleton<IMeterFactory, GuestMeterFactory>();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, port);
                kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            });

            var app = builder.Build();

            // The generic host keeps an environment of its own, with a provider over the content root: none either.
            var hostEnvironment = app.Services.GetRequiredService<IHostEnvironment>();
            (hostEnvironment.ContentRootFileProvider as IDisposable)?.Dispose();
            hostEnvironment.ContentRootFileProvider = new NullFileProvider();
            app.Run(handle);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return (app, new Uri(address.TrimEnd('/') + "/"));
        }
    }
}
