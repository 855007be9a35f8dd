using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.WebApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Samples
{
    /// <summary>
    /// The WebApi sample started in this process on a loopback port, on a SQLite file in a folder of the test's own,
    /// against a simulator the test holds (its clock decides when tasks end), with a known service key.
    /// </summary>
    internal sealed class WebApiService : IAsyncDisposable
    {
        public const string ServiceKey = "service-key-for-tests";
        public const string WebhookSecret = "whsec_webapi_test";

        private readonly WebApplication _app;

        private WebApiService(WebApplication app, string folder)
        {
            _app = app;
            Folder = folder;
        }

        /// <summary>Gets a client that sends the service key (once started).</summary>
        public HttpClient Http { get; private set; } = null!;

        /// <summary>Gets a client that sends no key (once started).</summary>
        public HttpClient Anonymous { get; private set; } = null!;

        public string Folder { get; }

        /// <summary>Gets the service's container, to run one of its Hangfire jobs (a recurring one) at once.</summary>
        public IServiceProvider Services => _app.Services;

        /// <summary>Starts the service on <paramref name="folder"/>'s database and videos, talking to <paramref name="simulator"/>.</summary>
        /// <param name="simulator">The account the service uses.</param>
        /// <param name="folder">Holds the SQLite file and the videos; a second service on the same folder is the first one restarted.</param>
        /// <param name="instanceName">The instance's name (its lease owner).</param>
        /// <param name="settings">More <c>--key=value</c> settings.</param>
        public static async Task<WebApiService> StartAsync(KlingSimulator simulator, string folder, string instanceName, params string[] settings)
        {
            var service = await BuildAsync(simulator, folder, instanceName, settings);
            await service.StartAsync();
            return service;
        }

        /// <summary>Builds the service as <see cref="StartAsync(KlingSimulator, string, string, string[])"/> does, without starting it.</summary>
        public static async Task<WebApiService> BuildAsync(KlingSimulator simulator, string folder, string instanceName, params string[] settings)
        {
            var args = new List<string>
            {
                "--urls", "http://127.0.0.1:0",
                "--Service:ApiKey=" + ServiceKey,
                "--Service:InstanceName=" + instanceName,
                "--ConnectionStrings:Jobs=Data Source=" + Path.Combine(folder, "jobs.db"),
                "--Jobs:VideoDirectory=" + Path.Combine(folder, "videos"),
                "--Jobs:Workers=2",
                "--KlingO1:ApiKey=" + simulator.ApiKey,
                "--KlingO1:BaseAddress=" + simulator.BaseAddress.AbsoluteUri,
                "--KlingO1:Polling:Strategy=ExponentialBackoff",
                "--Webhook:Secret=" + WebhookSecret,
                "--Logging:LogLevel:Default=Warning",
            };
            args.AddRange(settings);
            return new WebApiService(await WebApiApp.BuildAsync(args.ToArray()), folder);
        }

        /// <summary>Starts a service made by <see cref="BuildAsync"/>.</summary>
        public async Task StartAsync()
        {
            await _app.StartAsync();
            var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Anonymous = new HttpClient { BaseAddress = address };
            Http = new HttpClient { BaseAddress = address };
            Http.DefaultRequestHeaders.Add("X-Api-Key", ServiceKey);
        }

        /// <summary>Settings that poll the simulator every few milliseconds, so a task ended by its clock is seen at once.</summary>
        public static string[] FastPolling => new[] { "--KlingO1:Polling:InitialDelay=00:00:00.050", "--KlingO1:Polling:MaxInterval=00:00:00.100" };

        /// <summary>Settings that keep the first status read minutes away, so only a webhook can end a job within a test.</summary>
        public static string[] NoPollingSoon => new[] { "--KlingO1:Polling:InitialDelay=00:05:00", "--KlingO1:Polling:MaxInterval=00:05:00" };

        public async Task<JsonNode> PostAsync(string body)
        {
            using var response = await Http.PostAsync("/videos", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("/videos/" + job["id"]!.GetValue<string>(), response.Headers.Location?.OriginalString);
            return job;
        }

        public async Task<JsonNode> UntilAsync(string jobId, Func<JsonNode, bool> reached)
        {
            // A guard against hanging, not a timing: each step below is driven by the test's clock.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            JsonNode? job = null;
            try
            {
                while (true)
                {
                    job = (await Http.GetFromJsonAsync<JsonNode>("/videos/" + jobId, guard.Token))!;
                    if (reached(job))
                    {
                        return job;
                    }

                    await Task.Delay(20, guard.Token);
                }
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {jobId} did not get there within 30 s; last seen: {job?.ToJsonString() ?? "nothing"}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            Http?.Dispose();
            Anonymous?.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
