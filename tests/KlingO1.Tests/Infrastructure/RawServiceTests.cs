using System;
using System.Threading;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// The ToAPIs service as a raw loopback server with scripted answers, for tests that count the POST bodies that arrived
    /// whole: every POST is answered 500 and every read 404 unless a test says otherwise.
    /// </summary>
    public abstract class RawServiceTests : IDisposable
    {
        protected const string TaskId = "video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ";
        protected const string BusinessId = "order-7781";
        private int _posts;

        protected RawServiceTests() => Server = new RawHttpServer(Answer);

        internal RawHttpServer Server { get; }

        internal Func<int, RawAnswer> OnPost { get; set; } = _ => RawAnswer.Json(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"boom\"}}");

        internal Func<RawRequest, RawAnswer> OnGet { get; set; } = _ => RawAnswer.Json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such task\"}}");

        public void Dispose()
        {
            Server.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>The submit answer, as a read by the business id returns it.</summary>
        protected static string SubmittedTask() => Payloads.Read("submit-response.json").Replace("\"metadata\": {}", $"\"client_business_id\": \"{BusinessId}\"", StringComparison.Ordinal);

        protected static VideoGenerationRequest Request() => new("A cat playing piano") { ClientBusinessId = BusinessId };

        /// <summary>No real waiting between the standard handler's own retries.</summary>
        protected static void Fast(HttpStandardResilienceOptions o)
        {
            o.Retry.Delay = TimeSpan.Zero;
            o.Retry.BackoffType = DelayBackoffType.Constant;
            o.Retry.UseJitter = false;
        }

        protected void Configure(KlingVideoClientOptions o)
        {
            o.ApiKey = KlingServerFixture.ApiKey;
            o.BaseAddress = Server.BaseAddress;
        }

        protected KlingVideoClientOptions Options()
        {
            var options = new KlingVideoClientOptions();
            Configure(options);
            return options;
        }

        private RawAnswer Answer(RawRequest request)
            => request.Method == "POST" ? OnPost(Interlocked.Increment(ref _posts)) : OnGet(request);
    }
}
