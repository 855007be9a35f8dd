using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Testing.Hosting;
using KlingO1.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The loopback server as a guest in someone else's process: it starts beside an app that has Kestrel endpoints of
    /// its own, reads none of the app's configuration, watches no files (so hundreds can run at once) and hooks no signal.
    /// </summary>
    public sealed class SimulatorHostTests
    {
        [Fact]
        public async Task StartAsync_InsideAnAppWithKestrelEndpointsInItsAppsettings_BothStartAndAnswer()
        {
            var contentRoot = Directory.CreateTempSubdirectory("kling-host-app-");
            try
            {
                var port = FreePort.Next();
                await File.WriteAllTextAsync(
                    Path.Combine(contentRoot.FullName, "appsettings.json"),
                    $$"""{ "Kestrel": { "Endpoints": { "Http": { "Url": "http://127.0.0.1:{{port}}" } } } }""");
                await using var app = await StartUserAppAsync(new WebApplicationOptions { ContentRootPath = contentRoot.FullName });

                await using var simulator = await KlingSimulator.StartAsync();

                using var http = new HttpClient();
                Assert.Equal("user app", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
                Assert.Equal(HttpStatusCode.OK, await BalanceStatusAsync(http, simulator));
                Assert.NotEqual(port, simulator.BaseAddress.Port);
            }
            finally
            {
                contentRoot.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task StartAsync_TwoHundredAtOnceInOneProcess_AllStartAnswerAndStop()
        {
            // One file watcher each would stop at the inotify limit (128 instances by default) long before 200.
            var simulators = new List<KlingSimulator>();
            try
            {
                for (var i = 0; i < 200; i++)
                {
                    simulators.Add(await KlingSimulator.StartAsync());
                }

                using var http = new HttpClient();
                Assert.Equal(HttpStatusCode.OK, await BalanceStatusAsync(http, simulators[0]));
                Assert.Equal(HttpStatusCode.OK, await BalanceStatusAsync(http, simulators[^1]));
                Assert.Equal(200, simulators.Select(s => s.BaseAddress.Port).Distinct().Count());
            }
            finally
            {
                foreach (var simulator in simulators)
                {
                    await simulator.DisposeAsync();
                }
            }
        }

        [Fact]
        public async Task StartAsync_Host_ServesNothingFromDiskSoWatchesNothing()
        {
            await using var simulator = await KlingSimulator.StartAsync();
            var services = simulator.HostServices!;

            Assert.IsType<NullFileProvider>(services.GetRequiredService<IHostEnvironment>().ContentRootFileProvider);
            Assert.IsType<NullFileProvider>(services.GetRequiredService<IWebHostEnvironment>().ContentRootFileProvider);
            Assert.IsType<NullFileProvider>(services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider);
        }

        [Fact]
        public async Task StartAsync_Host_ReadsNoConfigurationSourceOfTheProcess()
        {
            await using var simulator = await KlingSimulator.StartAsync();
            var configuration = (IConfigurationRoot)simulator.HostServices!.GetRequiredService<IConfiguration>();

            var providers = Flatten(configuration).ToList();

            Assert.NotEmpty(providers);
            Assert.All(providers, p => Assert.IsType<Microsoft.Extensions.Configuration.Memory.MemoryConfigurationProvider>(p));
            Assert.DoesNotContain(configuration.AsEnumerable(), kv => kv.Key.StartsWith("Kestrel", StringComparison.OrdinalIgnoreCase));
            Assert.Null(configuration["urls"]);
            Assert.Equal(Environments.Production, simulator.HostServices!.GetRequiredService<IHostEnvironment>().EnvironmentName);
        }

        [Fact]
        public async Task StartAsync_Host_HooksNoSignalsOfTheProcess()
        {
            await using var simulator = await KlingSimulator.StartAsync();

            // The default ConsoleLifetime would take Ctrl+C, SIGTERM and SIGQUIT for the simulator, cancelling them.
            var lifetimes = simulator.HostServices!.GetServices<IHostLifetime>().ToList();

            Assert.IsType<GuestLifetime>(Assert.Single(lifetimes));
        }

        [Fact]
        public async Task StartAsync_PortTakenByTheApp_ThrowsAndLeavesTheAppServing()
        {
            await using var app = await StartUserAppAsync(new WebApplicationOptions(), "http://127.0.0.1:0");
            var port = new Uri(app.Urls.First()).Port;

            var ex = await Record.ExceptionAsync(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { Port = port }));

            Assert.IsAssignableFrom<IOException>(ex);
            using var http = new HttpClient();
            Assert.Equal("user app", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
        }

        internal static async Task<WebApplication> StartUserAppAsync(WebApplicationOptions options, string? url = null)
        {
            var builder = WebApplication.CreateBuilder(options);
            builder.Logging.ClearProviders();
            if (url is not null)
            {
                builder.WebHost.UseUrls(url);
            }

            var app = builder.Build();
            app.Run(context => context.Response.WriteAsync("user app"));
            await app.StartAsync();
            return app;
        }

        internal static async Task<HttpStatusCode> BalanceStatusAsync(HttpClient http, KlingSimulator simulator)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.BaseAddress, "v1/balance"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        private static IEnumerable<IConfigurationProvider> Flatten(IConfigurationRoot root)
        {
            foreach (var provider in root.Providers)
            {
                if (provider is ChainedConfigurationProvider { Configuration: IConfigurationRoot chained })
                {
                    foreach (var inner in Flatten(chained))
                    {
                        yield return inner;
                    }
                }
                else
                {
                    yield return provider;
                }
            }
        }
    }
}
