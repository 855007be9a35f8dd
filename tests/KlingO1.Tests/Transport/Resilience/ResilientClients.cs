using System;
using System.Net.Http;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>Clients with retries on (4 attempts, backoff 1 s doubling to 8 s, jitter off) on a fake clock.</summary>
    internal static class ResilientClients
    {
        public static KlingRetryOptions Retry(int maxAttempts = 4)
            => new() { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(8), MaxRetryAfter = TimeSpan.FromSeconds(60) };

        /// <summary>A client on the in-memory service.</summary>
        public static KlingVideoClient InMemory(ScriptedHandler handler, TimeProvider clock, Action<KlingVideoClientOptions>? configure = null, Func<double>? random = null)
        {
            var options = new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, BaseAddress = new Uri(ScriptedHandler.Api + "/"), Retry = Retry(), Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff } };
            configure?.Invoke(options);
            return new KlingVideoClient(new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options, clock, random ?? (() => 0.0));
        }

        /// <summary>A client on the in-memory simulator (which must run on <paramref name="clock"/>), retries on, jitter off.</summary>
        public static KlingVideoClient OnSimulator(KlingSimulator simulator, TimeProvider clock, Action<KlingVideoClientOptions>? configure = null)
        {
            var options = simulator.CreateClientOptions();
            options.Retry = Retry();
            options.Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff };
            configure?.Invoke(options);
            return new KlingVideoClient(new HttpClient(simulator.CreateHandler(), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, options, clock, () => 0.0);
        }

        /// <summary>A client on the WireMock server, retries on.</summary>
        public static KlingVideoClient OnServer(KlingServerFixture server, TimeProvider clock, Action<KlingVideoClientOptions>? configure = null)
            => server.Client(clock, o =>
            {
                o.Retry = Retry();
                configure?.Invoke(o);
            });

        /// <summary>Answers successive requests matching <paramref name="request"/> with <paramref name="responses"/> in order; the last repeats.</summary>
        public static void InSequence(this KlingServerFixture server, IRequestBuilder request, params IResponseBuilder[] responses)
        {
            var scenario = "sequence " + Guid.NewGuid().ToString("N");
            for (var i = 0; i < responses.Length; i++)
            {
                var given = server.Server.Given(request).InScenario(scenario);
                if (i > 0)
                {
                    given = given.WhenStateIs("step " + i);
                }

                if (i < responses.Length - 1)
                {
                    given = given.WillSetStateTo("step " + (i + 1));
                }

                given.RespondWith(responses[i]);
            }
        }

        public static IResponseBuilder Json(int status, string body, string? retryAfter = null)
        {
            var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
            return retryAfter is null ? response : response.WithHeader("Retry-After", retryAfter);
        }

        public static IRequestBuilder Submit => Request.Create().WithPath(KlingServerFixture.GenerationsPath).UsingPost();

        public static IRequestBuilder Read(string id) => Request.Create().WithPath(KlingServerFixture.GenerationsPath + "/" + id).UsingGet();
    }
}
