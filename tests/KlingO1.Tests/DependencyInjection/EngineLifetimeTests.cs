using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.DependencyInjection
{
    /// <summary>
    /// One engine per client name and application, however the client is resolved: the read cap holds app-wide, named
    /// clients keep their own keys and engines, the container's clock is used, and disposing the container ends waits.
    /// </summary>
    public sealed class EngineLifetimeTests
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public void GetRequiredService_ResolvedTenTimesFromTenScopes_EveryFrontSharesOneEngine()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.ApiKey = KlingServerFixture.ApiKey);
            using var provider = services.BuildServiceProvider();

            var engines = Enumerable.Range(0, 10).Select(_ =>
            {
                using var scope = provider.CreateScope();
                return ((KlingVideoClient)scope.ServiceProvider.GetRequiredService<IKlingVideoClient>()).Engine;
            }).Distinct().ToArray();

            Assert.Single(engines);
        }

        [Fact]
        public async Task WaitForCompletionAsync_TenResolutionsUnderAFiveReadCap_ReadAtMostFivePerSecondAppWide()
        {
            var clock = new ManualClock(Start);

            // Every task completes on its fourth read; each read is stamped with the virtual time.
            var service = new ScriptedHandler(clock)
            {
                Fallback = Respond.ByRequest(r => Respond.Message(200, r.NumberOnRoute >= 4 ? Respond.CompletedJson(r.LastSegment) : Respond.TaskJson(r.LastSegment, "in_progress", r.NumberOnRoute * 25))),
            };
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddKlingVideoClient(o =>
            {
                o.ApiKey = KlingServerFixture.ApiKey;
                o.Retry = new KlingRetryOptions { MaxAttempts = 1 };
                o.Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff, MaxStatusReadsPerSecond = 5 };
            }).ConfigurePrimaryHttpMessageHandler(() => service);
            using var provider = services.BuildServiceProvider();

            // Ten resolutions, as ten requests or jobs of a service would make, each waiting for three tasks.
            var waits = Enumerable.Range(0, 10).SelectMany(r =>
            {
                using var scope = provider.CreateScope();
                var client = scope.ServiceProvider.GetRequiredService<IKlingVideoClient>();
                return Enumerable.Range(0, 3).Select(t => client.WaitForCompletionAsync(FormattableString.Invariant($"video_{r}_{t}")));
            }).ToArray();
            var all = Task.WhenAll(waits);
            for (var step = 0; step < 20_000 && !all.IsCompleted; step++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Yield();
            }

            var finals = await all;
            Assert.All(finals, t => Assert.Equal(VideoTaskStatus.Completed, t.Status));
            var readTimes = service.Received.Select(r => r.At).ToArray();
            Assert.Equal(30 * 4, readTimes.Length);

            // Released at least 200 ms apart (5/s); a read is stamped when it reaches the service, so allow one step of skew.
            var gaps = readTimes.OrderBy(t => t).Zip(readTimes.OrderBy(t => t).Skip(1), (a, b) => b - a).ToArray();
            Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(150), $"two reads {gap.TotalMilliseconds} ms apart"));
        }

        [Fact]
        public async Task AddKlingVideoClient_TwoNamedClients_EachSendsItsOwnKeyThroughItsOwnEngine()
        {
            var seen = new List<string>();
            var service = new ScriptedHandler(request =>
            {
                lock (seen)
                {
                    seen.Add(request.Headers.Authorization!.ToString() + " " + request.RequestUri!.Host);
                }

                return Json(Payloads.Read("submit-response.json"));
            });
            var services = new ServiceCollection();
            services.AddKlingVideoClient("team-a", o =>
            {
                o.ApiKey = "tk-team-a-0000000000000000";
                o.BaseAddress = new Uri("https://a.kling.test/");
            }).ConfigurePrimaryHttpMessageHandler(() => service);
            services.AddKlingVideoClient("team-b", o =>
            {
                o.ApiKey = "tk-team-b-0000000000000000";
                o.BaseAddress = new Uri("https://b.kling.test/");
            }).ConfigurePrimaryHttpMessageHandler(() => service);
            using var provider = services.BuildServiceProvider();

            var a = provider.GetRequiredKeyedService<IKlingVideoClient>("team-a");
            var b = provider.GetRequiredKeyedService<IKlingVideoClient>("team-b");
            await a.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            await b.StartGenerationAsync(new VideoGenerationRequest("A dog"));

            Assert.Equal(new[] { "Bearer tk-team-a-0000000000000000 a.kling.test", "Bearer tk-team-b-0000000000000000 b.kling.test" }, seen);
            Assert.NotSame(((KlingVideoClient)a).Engine, ((KlingVideoClient)b).Engine);
            Assert.Same(((KlingVideoClient)a).Engine, ((KlingVideoClient)provider.GetRequiredKeyedService<IKlingVideoClient>("team-a")).Engine);
            Assert.Null(provider.GetService<IKlingVideoClient>());
        }

        [Fact]
        public void AddKlingVideoClient_NamedClientsInvalidOptions_ReportTheirOwnProblemsOnly()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient("good", o => o.ApiKey = "tk-good");
            services.AddKlingVideoClient("bad", o => o.Model = string.Empty);
            using var provider = services.BuildServiceProvider();

            Assert.NotNull(provider.GetRequiredKeyedService<IKlingVideoClient>("good"));
            var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredKeyedService<IKlingVideoClient>("bad"));
            Assert.Equal("bad", ex.OptionsName);
        }

        [Fact]
        public async Task Dispose_ContainerWithAParkedWait_EndsTheWaitNamingTheTask()
        {
            // A task of the simulator runs for about a minute, and its clock does not move: the wait reads once and parks.
            var clock = new ManualClock(Start);
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddKlingVideoClient(o =>
            {
                o.ApiKey = simulator.ApiKey;
                o.BaseAddress = simulator.BaseAddress;
            }).ConfigurePrimaryHttpMessageHandler(simulator.CreateHandler);
            var provider = services.BuildServiceProvider();
            var client = (KlingVideoClient)provider.GetRequiredService<IKlingVideoClient>();
            var taskId = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Id;

            var wait = client.WaitForCompletionAsync(taskId);
            for (var i = 0; i < 100 && client.ParkedWaits == 0; i++)
            {
                await Task.Yield();
            }

            Assert.Equal(1, client.ParkedWaits);
            provider.Dispose();
            var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);

            Assert.Contains(taskId, ex.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            Assert.Equal(new[] { "POST /v1/videos/generations", "GET /v1/videos/generations/" + taskId }, simulator.Requests.Select(r => $"{r.Method} {r.Path}"));
        }

        [Fact]
        public async Task SubmitAsync_OwningClientDisposed_SendsNothing()
        {
            var posts = 0;
            using var handler = new ScriptedHandler(_ =>
            {
                Interlocked.Increment(ref posts);
                return Json(Payloads.Read("submit-response.json"));
            });
            var client = new KlingVideoClient(handler, new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey });
            client.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GenerateAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(0, posts);
        }

        [Fact]
        public void Dispose_FrontFromTheContainer_LeavesTheSharedEngineRunning()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.ApiKey = KlingServerFixture.ApiKey);
            using var provider = services.BuildServiceProvider();
            var front = (KlingVideoClient)provider.GetRequiredService<IKlingVideoClient>();

            front.Dispose();

            // Another part of the application still uses the same engine.
            front.Engine.ThrowIfDisposed();
        }

        private static HttpResponseMessage Json(string body)
            => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
