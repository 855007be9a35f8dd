using System;
using System.Linq;
using System.Net.Http;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>One WireMock server on loopback per test class, standing in for the ToAPIs service.</summary>
    public sealed class KlingServerFixture : IDisposable
    {
        public const string ApiKey = "tk-test-0123456789abcdef";
        public const string GenerationsPath = "/v1/videos/generations";
        public const string UploadPath = "/v1/uploads/images";

        public KlingServerFixture() => Server = WireMockServer.Start();

        public WireMockServer Server { get; }

        public Uri BaseAddress => new(Server.Url! + "/");

        /// <summary>Options for this server. Retries are off: tests of one exchange see exactly one request; the
        /// resilience tests turn them on with a fake clock. Polling backs off exponentially, so tests can state exact
        /// intervals; the progress-aware schedule has tests of its own.</summary>
        public KlingVideoClientOptions Options(Action<KlingVideoClientOptions>? configure = null)
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = ApiKey,
                BaseAddress = BaseAddress,
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
                Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff },
            };
            configure?.Invoke(options);
            return options;
        }

        /// <summary>A client on this server, with jitter off so polling delays are exact.</summary>
        internal KlingVideoClient Client(TimeProvider? time = null, Action<KlingVideoClientOptions>? configure = null)
            => new(new HttpClient(), Options(configure), time ?? TimeProvider.System, () => 0.0);

        public void Reset() => Server.Reset();

        public void RespondToSubmit(int status, string body, Action<IResponseBuilder>? more = null)
            => Respond(Request.Create().WithPath(GenerationsPath).UsingPost(), status, body, more);

        public void RespondToUpload(int status, string body)
            => Respond(Request.Create().WithPath(UploadPath).UsingPost(), status, body, null);

        public void RespondToGet(string taskId, int status, string body, Action<IResponseBuilder>? more = null)
            => Respond(Request.Create().WithPath(GenerationsPath + "/" + taskId).UsingGet(), status, body, more);

        /// <summary>Answers successive reads of a task with the given bodies in order; the last one repeats.</summary>
        public void RespondToGetInSequence(string taskId, params string[] bodies)
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                var given = Server.Given(Request.Create().WithPath(GenerationsPath + "/" + taskId).UsingGet())
                    .InScenario("reads of " + taskId);
                if (i > 0)
                {
                    given = given.WhenStateIs("read " + i);
                }

                if (i < bodies.Length - 1)
                {
                    given = given.WillSetStateTo("read " + (i + 1));
                }

                given.RespondWith(Json(200, bodies[i]));
            }
        }

        public ILogEntry[] Received() => Server.LogEntries.ToArray();

        public void Dispose() => Server.Stop();

        private static IResponseBuilder Json(int status, string body)
            => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

        private void Respond(IRequestBuilder request, int status, string body, Action<IResponseBuilder>? more)
        {
            var response = Json(status, body);
            more?.Invoke(response);
            Server.Given(request).RespondWith(response);
        }
    }
}
