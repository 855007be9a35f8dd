using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The simulator ignores the environment variables ASP.NET Core apps are configured with. They are process-wide,
    /// so these tests run alone and put every variable back.
    /// </summary>
    [Collection(nameof(ProcessEnvironment))]
    public sealed class SimulatorEnvironmentTests
    {
        [Fact]
        public async Task StartAsync_AppEndpointsFromEnvironmentVariables_BothStartAndAnswer()
        {
            var port = FreePort.Next();
            using var environment = new EnvironmentScope(new Dictionary<string, string>
            {
                ["Kestrel__Endpoints__App__Url"] = $"http://127.0.0.1:{port}",
            });
            await using var app = await SimulatorHostTests.StartUserAppAsync(new WebApplicationOptions());

            await using var simulator = await KlingSimulator.StartAsync();

            using var http = new HttpClient();
            Assert.Equal("user app", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
            Assert.Equal(HttpStatusCode.OK, await SimulatorHostTests.BalanceStatusAsync(http, simulator));
        }

        [Fact]
        public async Task StartAsync_UrlsAndKestrelVariablesNamingAPortInUse_AreIgnored()
        {
            using var taken = new TcpListener(IPAddress.Loopback, 0);
            taken.Start();
            var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
            using var environment = new EnvironmentScope(new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = url,
                ["ASPNETCORE_HTTP_PORTS"] = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Kestrel__Endpoints__Http__Url"] = url,
                ["ASPNETCORE_Kestrel__Endpoints__Other__Url"] = url,
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_CONTENTROOT"] = Path.GetTempPath(),
            });

            await using var simulator = await KlingSimulator.StartAsync();

            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, await SimulatorHostTests.BalanceStatusAsync(http, simulator));
            Assert.NotEqual(((IPEndPoint)taken.LocalEndpoint).Port, simulator.BaseAddress.Port);
            var host = simulator.HostServices!.GetRequiredService<IHostEnvironment>();
            Assert.Equal(Environments.Production, host.EnvironmentName);
            Assert.NotEqual(Path.GetTempPath(), host.ContentRootPath);
        }
    }
}
