using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KlingO1.Tests.DependencyInjection
{
    /// <summary>
    /// A paid submit under the handlers real services put around every HttpClient: .NET Aspire's service defaults
    /// (the standard resilience handler through ConfigureHttpClientDefaults), Polly v7 policies, a hand-written retry
    /// handler. Every test counts the POST bodies that arrived whole at a raw loopback server.
    /// </summary>
    public sealed class FrameworkHandlersTests : RawServiceTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task SubmitAsync_500UnderStandardHandlerFromDefaults_ReachesTheServerOnceAndIsOutcomeUnknown(bool defaultsFirst)
        {
            var services = new ServiceCollection();
            if (defaultsFirst)
            {
                services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(Fast));
            }

            services.AddKlingVideoClient(Configure);
            if (!defaultsFirst)
            {
                services.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(Fast));
            }

            using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IKlingVideoClient>();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.Contains("sent once and not again", ex.Message, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.InternalServerError, Assert.IsAssignableFrom<KlingApiException>(ex.InnerException).StatusCode);
        }

        [Fact]
        public async Task SubmitAsync_502ThenWouldBe200UnderStandardHandlerFromDefaults_BillsOneTaskFoundByItsBusinessId()
        {
            // The service created the task although its answer was a 502: the lookup by business id finds it.
            OnPost = n => n == 1 ? RawAnswer.Json(502, "<html>bad gateway</html>") : RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            OnGet = r => r.Path.EndsWith("/" + BusinessId, StringComparison.Ordinal) ? RawAnswer.Json(200, SubmittedTask()) : RawAnswer.Json(404, "{}");
            using var provider = Provider(application: s => s.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(Fast)));

            var task = await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request());

            Assert.Equal(1, Server.Posts);
            Assert.Equal(TaskId, task.Id);
        }

        [Fact]
        public async Task SubmitAsync_500UnderStandardHandlerAddedToTheSdkBuilder_KeepsItButRefusesItsResend()
        {
            using var provider = Provider(sdkBuilder: b => b.AddStandardResilienceHandler(Fast));

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Contains("tried to send it again; the SDK refused, so it was sent once", ex.Message, StringComparison.Ordinal);
            Assert.Equal(BusinessId, ex.ClientBusinessId);

            // What the service said to the one send, although the handler swallowed it.
            Assert.Equal(HttpStatusCode.InternalServerError, Assert.IsAssignableFrom<KlingApiException>(ex.InnerException).StatusCode);
        }

        [Fact]
        public async Task GetTaskAsync_503ThenOkUnderStandardHandlerAddedToTheSdkBuilder_TheKeptHandlerRetriesReads()
        {
            var reads = 0;
            OnGet = _ => Interlocked.Increment(ref reads) == 1 ? RawAnswer.Json(503, "{}") : RawAnswer.Json(200, SubmittedTask());
            using var provider = Provider(sdkBuilder: b => b.AddStandardResilienceHandler(Fast), options: o => o.Retry = new KlingRetryOptions { MaxAttempts = 1 });

            var task = await provider.GetRequiredService<IKlingVideoClient>().GetTaskAsync(TaskId);

            // The SDK's own retries are off: the second read was the kept handler's.
            Assert.Equal(TaskId, task.Id);
            Assert.Equal(2, reads);
        }

        [Fact]
        public async Task SubmitAsync_500UnderHandWrittenRetryHandlerFromDefaults_ReachesTheServerOnce()
        {
            using var provider = Provider(application: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new RetryingHandler(attempts: 4))));

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Contains("tried to send it again", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_500UnderPollyV7PolicyHandlerFromDefaults_TheInheritedHandlerIsRemovedAndTheSubmitSentOnce()
        {
            // Microsoft.Extensions.Http.Polly's handler, by its type name (its Polly v7 cannot be loaded beside Polly v8 here).
            using var provider = Provider(application: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new Microsoft.Extensions.Http.PolicyHttpMessageHandler(attempts: 4))));

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.DoesNotContain("tried to send it again", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_PolicyHandlerFromDefaults_ReachesOtherClientsStill()
        {
            // Only the SDK's client loses the inherited handler: another client of the application keeps it.
            var reads = 0;
            OnGet = _ => Interlocked.Increment(ref reads) == 1 ? RawAnswer.Json(503, "{}") : RawAnswer.Json(200, "{}");
            using var provider = Provider(application: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new Microsoft.Extensions.Http.PolicyHttpMessageHandler(attempts: 2))));

            using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("other").GetAsync(new Uri(Server.BaseAddress, "anything"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, reads);
        }

        [Fact]
        public async Task SubmitAsync_429SwallowedByHandWrittenRetryHandler_TheSdkKnowsItWasRefusedAndRetriesItself()
        {
            // The handler retries the 429 itself (refused by the SDK); the SDK sees the refusal and sends a new submit.
            OnPost = n => n == 1 ? RawAnswer.Json(429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}") : RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            using var provider = Provider(
                application: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new RetryingHandler(attempts: 3))),
                options: o => o.Retry = new KlingRetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero });

            var task = await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request());

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(2, Server.Posts);
        }

        [Fact]
        public async Task SubmitAsync_500ThroughCallersHandlerChainWithRetryHandler_ReachesTheServerOnce()
        {
            // The SDK puts its guard below the caller's last handler, directly above the network handler.
            var options = new KlingVideoClientOptions();
            Configure(options);
            using var client = new KlingVideoClient(new RetryingHandler(attempts: 4) { InnerHandler = new SocketsHttpHandler() }, options, disposeHandler: true);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Contains("tried to send it again", ex.Message, StringComparison.Ordinal);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
        }

        [Theory]
        [InlineData(307)]
        [InlineData(302)]
        public async Task SubmitAsync_RedirectToAnotherHost_NeitherPostsThereNorTakesItsAnswer(int status)
        {
            using var other = new RawHttpServer(_ => RawAnswer.Json(200, SubmittedTask()));
            var otherHost = new Uri(other.BaseAddress.AbsoluteUri.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "v1/videos/generations");
            OnPost = _ => RawAnswer.Redirect(status, otherHost);
            using var provider = Provider();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Equal(0, other.Posts);
            Assert.All(other.Complete, r => Assert.False(r.Headers.ContainsKey("Authorization")));
            Assert.Equal(BusinessId, ex.ClientBusinessId);
        }

        [Fact]
        public async Task SubmitAsync_CancelledWhileTheServerHoldsIt_ThrowsCanceledCarryingTheBusinessIdAfterOnePost()
        {
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            OnPost = HoldAndSignal<int>(arrived);
            using var provider = Provider();
            using var cts = new CancellationTokenSource();

            var submit = provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request(), cts.Token);
            await arrived.Task;
            cts.Cancel();
            var ex = await Assert.ThrowsAsync<VideoGenerationCanceledException>(() => submit);

            Assert.IsAssignableFrom<OperationCanceledException>(ex);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.Null(ex.TaskId);
            Assert.Equal(cts.Token, ex.CancellationToken);
            Assert.Contains(BusinessId, ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, Server.Posts);
        }

        [Fact]
        public async Task SubmitAsync_CancelledDuringTheBusinessIdLookup_ThrowsCanceledCarryingTheBusinessId()
        {
            var lookup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            OnGet = HoldAndSignal<RawRequest>(lookup);
            using var provider = Provider();
            using var cts = new CancellationTokenSource();

            var submit = provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request(), cts.Token);
            await lookup.Task;
            cts.Cancel();
            var ex = await Assert.ThrowsAsync<VideoGenerationCanceledException>(() => submit);

            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.Equal(1, Server.Posts);
        }

        [Fact]
        public async Task SubmitAsync_CancelledBeforeAnythingLeft_IsAPlainCancellationAndSendsNothing()
        {
            using var provider = Provider();

            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request(), new CancellationToken(canceled: true)));

            Assert.IsNotType<VideoGenerationCanceledException>(ex);
            Assert.Equal(0, Server.Posts);
        }

        [Theory]
        [InlineData(201)]
        [InlineData(202)]
        [InlineData(200)]
        public async Task SubmitAsync_SuccessAnswerItCannotRead_LooksTheTaskUpByItsBusinessId(int status)
        {
            OnPost = _ => RawAnswer.Json(status, "<html>accepted</html>");
            OnGet = r => r.Path.EndsWith("/" + BusinessId, StringComparison.Ordinal) ? RawAnswer.Json(200, SubmittedTask()) : RawAnswer.Json(404, "{}");
            using var provider = Provider();

            var task = await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request());

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(1, Server.Posts);
        }

        [Fact]
        public async Task SubmitAsync_CallersHttpClientTimeoutFires_OutcomeUnknownCarryingTheBusinessIdAfterOnePost()
        {
            // A real HttpClient.Timeout: the SDK's own limits (on a clock that never moves) are shorter than it, as
            // validation demands, so only HttpClient.Timeout can end the hung submit and the hung lookup.
            OnPost = _ => RawAnswer.Hang;
            OnGet = _ => RawAnswer.Hang;
            var options = new KlingVideoClientOptions();
            Configure(options);
            var limit = TimeSpan.FromSeconds(1);
            options.Timeouts = new KlingTimeoutOptions { Submit = limit, StatusRead = limit, Upload = limit, DownloadStart = limit };
            options.TimeProvider = new ManualClock();

            // The lookup's retries would wait on that clock; one attempt of each is the case.
            options.Retry = new KlingRetryOptions { MaxAttempts = 1 };

            // Long enough for the POST to reach the server on a loaded machine: a timeout before it left would rightly be
            // a plain timeout (provably not sent), not the case under test.
            using var http = new HttpClient { Timeout = limit };
            using var client = new KlingVideoClient(http, options, options.TimeProvider);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(Request()));

            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.IsType<KlingTimeoutException>(ex.InnerException);
            Assert.Contains("HttpClient.Timeout", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, Server.Posts);
        }

        [Fact]
        public void Constructor_CallersHttpClientTimeoutShorterThanTheSdksLimits_IsRefusedNamingBoth()
        {
            var options = new KlingVideoClientOptions();
            Configure(options);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            var ex = Assert.Throws<ArgumentException>(() => new KlingVideoClient(http, options, TimeProvider.System));

            Assert.Contains("HttpClient.Timeout (00:00:30)", ex.Message, StringComparison.Ordinal);
            Assert.Contains("00:01:30", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AddKlingVideoClient_SdkClientTimeoutCutShortByTheApplication_IsRefusedAtResolution()
        {
            using var provider = Provider(sdkBuilder: b => b.ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(10)));

            var ex = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<IKlingVideoClient>());

            Assert.Contains("HttpClient.Timeout (00:00:10)", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AddKlingVideoClient_ByDefault_TheSdksHttpClientHasNoTimeoutOfItsOwnAndABoundedBuffer()
        {
            using var provider = Provider();

            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(KlingServiceCollectionExtensions.HttpClientName);

            Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);

            // And it buffers no API answer beyond a bound (the service's are about 1 KB; the video streams).
            Assert.Equal(1024 * 1024, http.MaxResponseContentBufferSize);
        }

        /// <summary>A container with the SDK registered on this server, after <paramref name="application"/>'s own registrations.</summary>
        private ServiceProvider Provider(Action<IServiceCollection>? application = null, Action<IHttpClientBuilder>? sdkBuilder = null, Action<KlingVideoClientOptions>? options = null)
        {
            var services = new ServiceCollection();
            application?.Invoke(services);
            var builder = services.AddKlingVideoClient(o =>
            {
                Configure(o);
                options?.Invoke(o);
            });
            sdkBuilder?.Invoke(builder);
            return services.BuildServiceProvider();
        }

        /// <summary>Answers nothing (the connection hangs) and tells the test that the whole request arrived.</summary>
        private static Func<T, RawAnswer> HoldAndSignal<T>(TaskCompletionSource arrived)
            => _ =>
            {
                arrived.TrySetResult();
                return RawAnswer.Hang;
            };

        /// <summary>A hand-written retry handler, as many code bases have: any failure or 5xx/429 is sent again.</summary>
        internal class RetryingHandler : DelegatingHandler
        {
            private readonly int _attempts;

            public RetryingHandler(int attempts) => _attempts = attempts;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var response = await base.SendAsync(request, cancellationToken);
                        if (attempt == _attempts || ((int)response.StatusCode < 500 && (int)response.StatusCode != 429))
                        {
                            return response;
                        }

                        response.Dispose();
                    }
                    catch (Exception) when (attempt < _attempts && !cancellationToken.IsCancellationRequested)
                    {
                    }
                }
            }
        }
    }
}

namespace Microsoft.Extensions.Http
{
    /// <summary>
    /// A stand-in with the full type name of Microsoft.Extensions.Http.Polly's retrying handler, whose Polly v7 assembly
    /// cannot be loaded beside Polly v8 in this test project; the SDK knows resilience handlers by type name.
    /// </summary>
    internal sealed class PolicyHttpMessageHandler : KlingO1.Tests.DependencyInjection.FrameworkHandlersTests.RetryingHandler
    {
        public PolicyHttpMessageHandler(int attempts)
            : base(attempts)
        {
        }
    }
}
