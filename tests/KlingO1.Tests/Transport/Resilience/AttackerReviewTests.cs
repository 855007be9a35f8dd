using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>
    /// An attacker's review of the single-send change: handlers and servers that try to make a paid submit leave twice,
    /// lose its ids, hang it, or make the SDK claim what it does not know. Each test marked "Review finding" is a break an
    /// attacker review of the money-safety work found, kept as the test that proves its fix; the others document a
    /// defence beyond FrameworkHandlersTests.
    /// </summary>
    public sealed class AttackerReviewTests : RawServiceTests
    {
        // Only a guard against a test hanging for ever: a green test never comes near it.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

        // =========================================================================================================
        // Promise 1: a submit that may have reached the service is never sent twice.
        // =========================================================================================================

        // Review finding (medium-high): a client over the caller's HttpClient had no SingleSendHandler, and the most common
        // retry idiom (LoadIntoBufferAsync once, then resend the same message) sent the buffered body three times. The SDK
        // now takes a handler chain instead of an HttpClient and puts its guard below the chain's last handler.
        [Fact]
        public async Task SubmitAsync_CallersHttpClientWithABufferingRetryHandler_ReachesTheServerOnce()
        {
            using var client = new KlingVideoClient(new BufferingRetryHandler(attempts: 3) { InnerHandler = new SocketsHttpHandler() }, Options(), disposeHandler: true);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(Request()));

            Assert.True(Server.Posts == 1, $"{Server.Posts} whole POST bodies reached the server; the SDK said: {ex.Message}");
        }

        // Review finding (high) a handler that retries with a fresh clone per attempt (body read into memory, headers copied, request
        // options not copied) passes SingleSendHandler unrecognised (SubmitSend.Of finds no record) and never touches the
        // SingleSendContent again: every clone is billed. Under DI, on the SDK's own builder.
        [Fact]
        public async Task SubmitAsync_RetryHandlerSendingFreshClonesWithoutOptions_SendsNothing()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddHttpMessageHandler(() => new CloningRetryHandler(attempts: 3, copyOptions: false));
            using var provider = services.BuildServiceProvider();

            // Every attempt is a copy without the SDK's record: the first is refused too, so nothing is sent (or billed).
            var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Contains("copy of a video submit", ex.Message, StringComparison.Ordinal);
            Assert.True(Server.Posts == 0, $"{Server.Posts} whole POST bodies reached the server; the SDK said: {ex.Message}");
        }

        // Review finding (high) SingleSendHandler sits above the primary handler, so a primary handler that retries from a buffer
        // (ConfigurePrimaryHttpMessageHandler with a retrying handler chain) resends freely: three billed submits, and the
        // exception claims "It was sent once and not again" (SubmitOutcome.HowOftenSent trusts HandedOver).
        [Fact]
        public async Task SubmitAsync_PrimaryHandlerRetryingFromABuffer_ReachesTheServerOnce()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).ConfigurePrimaryHttpMessageHandler(() => new BufferingRetryHandler(attempts: 3) { InnerHandler = new SocketsHttpHandler() });
            using var provider = services.BuildServiceProvider();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.True(Server.Posts == 1, $"{Server.Posts} whole POST bodies reached the server; the SDK said: {ex.Message}");
        }

        // Review finding (high) SubmitOutcome.MayHaveBeenAccepted and RequestPipelines.ProvablyNotAccepted judge the exception a handler
        // threw, before what the innermost handler saw. A failover handler got a 500 from the API (SubmitSend.AnswerStatus =
        // 500: the service was reached) and tried a backup region that is down: its connection-refused error reads as "never
        // reached the service", so the SDK sends the submit again. Two billed tasks, and the caller gets the second.
        [Fact]
        public async Task SubmitAsync_FailoverHandlerWhoseBackupIsDown_IsNotRetriedAfterTheServiceAnswered()
        {
            OnPost = n => n == 1 ? RawAnswer.Json(500, "{}") : RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
            {
                Configure(o);
                o.Retry = new KlingRetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
            }).AddHttpMessageHandler(() => new FailoverHandler(ClosedPort()));
            using var provider = services.BuildServiceProvider();

            var ex = await Record.ExceptionAsync(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.True(Server.Posts == 1, $"{Server.Posts} whole POST bodies reached the server; outcome: {ex?.GetType().Name ?? "success"}");
            Assert.IsType<VideoSubmitOutcomeUnknownException>(ex);
        }

        // Review finding (medium) the SDK retries on the answer a handler returns, not on the one the network gave. A fallback that
        // turns a 500 into a canned 429 makes a possibly-billed submit "provably refused": sent again, billed twice. The SDK
        // has the truth at hand (SubmitSend.AnswerStatus = 500, differing from the 429 it was given). The same holds for a
        // canned 4xx: reported as a refusal, inviting the caller to submit again.
        [Fact]
        public async Task SubmitAsync_FallbackHandlerTurningA500IntoA429_IsNotRetried()
        {
            OnPost = n => n == 1 ? RawAnswer.Json(500, "{}") : RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
            {
                Configure(o);
                o.Retry = new KlingRetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
            }).AddHttpMessageHandler(() => new FallbackHandler(HttpStatusCode.TooManyRequests));
            using var provider = services.BuildServiceProvider();

            var ex = await Record.ExceptionAsync(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.True(Server.Posts == 1, $"{Server.Posts} whole POST bodies reached the server; outcome: {ex?.GetType().Name ?? "success"}");
        }

        [Fact]
        public async Task SubmitAsync_StandardHedgingHandlerOnTheSdkBuilder_ReachesTheServerOnce()
        {
            // Holds: the hedged attempt is a clone (RequestMessageSnapshot) that copies the request options, SubmitSend among
            // them, and shares the content; SingleSendHandler refuses it.
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddStandardHedgingHandler();
            using var provider = services.BuildServiceProvider();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
        }

        [Fact]
        public async Task SubmitAsync_RetryHandlerSendingFreshClonesThatCopyOptions_ReachesTheServerOnce()
        {
            // Holds: a clone that copies the request options carries the record, and SingleSendHandler refuses it.
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddHttpMessageHandler(() => new CloningRetryHandler(attempts: 3, copyOptions: true));
            using var provider = services.BuildServiceProvider();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
        }

        [Fact]
        public async Task SubmitAsync_HandlerSendingTheSameMessageTwiceAtOnce_ReachesTheServerOnce()
        {
            // Holds: two concurrent passes of one message race for one hand-over (Interlocked); the loser is refused.
            OnPost = _ => RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddHttpMessageHandler(() => new DoubleSendHandler());
            using var provider = services.BuildServiceProvider();

            var task = await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request());

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(1, Server.Posts);
        }

        [Theory]
        [InlineData(307)]
        [InlineData(302)]
        public async Task SubmitAsync_RedirectToTheSameHostOnAnotherPort_NeitherPostsThereNorTakesItsAnswer(int status)
        {
            // Holds: another port is another origin; the 307 re-post is refused before a byte of it leaves.
            using var other = new RawHttpServer(_ => RawAnswer.Json(200, SubmittedTask()));
            OnPost = _ => RawAnswer.Redirect(status, new Uri(other.BaseAddress, "v1/videos/generations"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure);
            using var provider = services.BuildServiceProvider();

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.Equal(1, Server.Posts);
            Assert.Equal(0, other.Posts);
            Assert.Equal(BusinessId, ex.ClientBusinessId);
        }

        // Review finding (low-medium) SubmitResentException is deliberately not an HttpRequestException, so a hedging strategy treats
        // the refused hedge as a final, unhandled outcome: it returns it at once and cancels the primary attempt still in
        // flight. Under the standard hedging handler on the SDK's builder (kept, per the docs), every submit slower than the
        // hedging delay (2 s) is cut off and reported "outcome unknown", although the service was about to accept it.
        [Fact]
        public async Task SubmitAsync_SlowSubmitUnderTheStandardHedgingHandler_IsNotCutOffByTheRefusedHedge()
        {
            // The submit waits at a gate until the test opens it, and tells the test if whatever sent it gives up first.
            var submitArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var submitReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var submitCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var service = new ScriptedHandler().OnSubmit(async (_, token) =>
            {
                submitArrived.TrySetResult();
                try
                {
                    await submitReleased.Task.WaitAsync(token);
                }
                catch (OperationCanceledException)
                {
                    submitCancelled.TrySetResult();
                    throw;
                }

                return Respond.Message(200, Payloads.Read("submit-response.json"));
            });
            var passes = new PassCounter();
            var clock = new ManualClock();
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            var builder = services.AddKlingVideoClient(o => o.ApiKey = KlingServerFixture.ApiKey).ConfigurePrimaryHttpMessageHandler(() => service);
            builder.AddStandardHedgingHandler();

            // Below the hedging handler: it sees the primary attempt and the hedged one.
            builder.AddHttpMessageHandler(() => passes);
            using var provider = services.BuildServiceProvider();

            var submit = provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request());
            await submitArrived.Task.WaitAsync(HangGuard);
            clock.Advance(TimeSpan.FromSeconds(2));
            await passes.Second.WaitAsync(HangGuard);

            // The refused hedge waits for the first pass to end, so nothing can cut that pass while it is held: give the
            // handlers every chance to run, then look.
            for (var i = 0; i < 100 && !submitCancelled.Task.IsCompleted; i++)
            {
                await Task.Yield();
            }

            var cut = submitCancelled.Task.IsCompleted;
            submitReleased.TrySetResult();
            var ex = await Record.ExceptionAsync(() => submit.WaitAsync(HangGuard));

            Assert.Equal(1, service.Posts);
            Assert.False(cut, $"the hedging handler cancelled the one submit in flight when its hedge was refused; outcome: {ex?.GetType().Name}: {ex?.Message}");
            Assert.Null(ex);
        }

        // =========================================================================================================
        // Promise 2: every failure after a submit may have left is outcome unknown (or cancelled) with the business id,
        // and a message claims only what the SDK knows.
        // =========================================================================================================

        // Review finding (high) SingleSendHandler reads a 503's error code with LoadIntoBufferAsync(maxSize) and no token
        // (SingleSendHandler.ErrorCodeAsync). A 503 whose body stalls (a proxy, a half-dead server) then holds the submit for
        // ever: the caller's cancellation and the SDK's own submit timeout (Polly v8 timeouts are cooperative) only cancel a
        // token nobody reads. Both default paths have the handler: dependency injection and new KlingVideoClient(options)
        // (seen on a real socket too; there the cancel must land after the headers were parsed, so it is staged in memory).
        [Fact]
        public async Task SubmitAsync_503WhoseBodyStalls_EndsWhenTheCallerCancels()
        {
            // The body stream honours the token it is read with, as the network stream of SocketsHttpHandler does.
            var body = new StallingStream();
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.ApiKey = KlingServerFixture.ApiKey).ConfigurePrimaryHttpMessageHandler(() => new ScriptedHandler(request =>
            {
                var content = new StreamContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                content.Headers.ContentLength = 200;
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = content, RequestMessage = request };
            }));
            using var provider = services.BuildServiceProvider();
            using var cts = new CancellationTokenSource();

            var submit = provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request(), cts.Token);
            await body.ReadStarted.WaitAsync(HangGuard);
            cts.Cancel();
            var ex = await Record.ExceptionAsync(() => submit.WaitAsync(HangGuard));

            Assert.False(ex is TimeoutException, "the submit ignored the caller's cancellation: SingleSendHandler still reads the 503's body with no token");
            Assert.Equal(BusinessId, Assert.IsType<VideoGenerationCanceledException>(ex).ClientBusinessId);
        }

        // Review finding (medium-high) SingleSendContent refuses any second serialisation, including one that sends nothing: a
        // diagnostics handler that logs the request body once the answer came (ReadAsStringAsync after base.SendAsync; the
        // content was not buffered) throws SubmitResentException over a 200 that carried the task id. The SDK throws the
        // accepted task away: outcome unknown, and with no business id (the default) it cannot be found. The message says
        // "ToAPIs answered HTTP 200 (OK): a handler around the SDK's HTTP client swallowed this answer and tried to send the
        // submit again" (SubmitOutcome.SwallowedAnswer): the handler neither swallowed the answer nor sent anything again.
        [Fact]
        public async Task SubmitAsync_HandlerLoggingTheBodyAfterTheAnswer_ReturnsTheAcceptedTask()
        {
            OnPost = _ => RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddHttpMessageHandler(() => new BodyLoggingHandler());
            using var provider = services.BuildServiceProvider();

            var ex = await Record.ExceptionAsync(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(new VideoGenerationRequest("A cat playing piano")));

            Assert.Equal(1, Server.Posts);
            Assert.True(ex is null, $"the service accepted and billed {TaskId}, yet the SDK threw: {ex?.Message}");
        }

        // Review finding (medium) a request-signing handler that streams the body into a hash before sending (CopyToAsync does not
        // buffer) uses up the one write: the network write is then refused. Nothing leaves the process (the server sees not
        // even the headers), yet every submit fails as "may or may not have created a (billed) task ... the SDK refused, so
        // it was sent once". Both halves are claims the SDK does not know (they are false).
        [Fact]
        public async Task SubmitAsync_HandlerHashingTheBodyBeforeSending_IsNotReportedAsSentWhenNothingLeft()
        {
            OnPost = _ => RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure).AddHttpMessageHandler(() => new BodyHashingHandler());
            using var provider = services.BuildServiceProvider();

            var ex = await Record.ExceptionAsync(() => provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request()));

            Assert.True(ex is not VideoSubmitOutcomeUnknownException, $"{Server.Posts} POSTs and {Server.Incomplete} partial requests reached the server, yet: {ex?.Message}");
        }

        // Review finding (medium-low) the same-origin check accepts a redirect anywhere within the API's origin. A POST answered
        // with 302 to another task's address is followed as a GET, and that task (another business id, already completed)
        // comes back as this submit's result: the POST arrived whole, a billed task of ours may exist and is never looked up.
        // A submit's answer should come from the POST itself (or at least name the submit's business id).
        [Fact]
        public async Task SubmitAsync_PostRedirectedToAnotherTaskOfTheSameOrigin_IsOutcomeUnknown()
        {
            OnPost = _ => RawAnswer.Redirect(302, new Uri(Server.BaseAddress, "v1/videos/generations/video_SOMEONE_ELSES"));
            OnGet = r => r.Path.EndsWith("/video_SOMEONE_ELSES", StringComparison.Ordinal)
                ? RawAnswer.Json(200, "{\"id\":\"video_SOMEONE_ELSES\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380000,\"client_business_id\":\"other-order\"}")
                : RawAnswer.Json(404, "{}");
            var services = new ServiceCollection();
            services.AddKlingVideoClient(Configure);
            using var provider = services.BuildServiceProvider();

            var ex = await Record.ExceptionAsync(async () =>
            {
                var task = (await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(Request())).Latest!;
                Assert.Fail($"the submit returned {task.Id} (business id {task.ClientBusinessId}) as its own task");
            });

            Assert.Equal(1, Server.Posts);
            Assert.Equal(BusinessId, Assert.IsType<VideoSubmitOutcomeUnknownException>(ex).ClientBusinessId);
        }

        // Review finding (low) a client made with new and disposed while its submit is in flight: HttpClient.Dispose cancels the
        // request, which SendAttemptAsync classifies as a cut short by "HttpClient.Timeout (-00:00:00.0010000) or a handler's
        // own limit". Neither happened; the message names a cause the SDK does not know (and prints the infinite timeout).
        [Fact]
        public async Task SubmitAsync_OwnClientDisposedWhileTheSubmitIsInFlight_DoesNotBlameHttpClientTimeout()
        {
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            OnPost = _ =>
            {
                arrived.TrySetResult();
                return RawAnswer.Hang;
            };
            var client = new KlingVideoClient(Options());

            var submit = client.StartGenerationAsync(Request());
            await arrived.Task.WaitAsync(HangGuard);
            client.Dispose();
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => submit.WaitAsync(HangGuard));

            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.DoesNotContain("HttpClient.Timeout", ex.Message, StringComparison.Ordinal);
        }

        // Review finding (low) the only send was refused with 429 (a stated refusal: no task), and the caller cancelled during the
        // Retry-After wait. KlingHttpTransport.SubmitAsync judges the OperationCanceledException of the delay with the last
        // attempt's record (MayHaveLeft), and says "a (billed) task may exist"; the SDK knows none does.
        [Fact]
        public async Task SubmitAsync_CancelledWhileWaitingOutA429_DoesNotSayATaskMayExist()
        {
            OnPost = _ => new RawAnswer(RawAnswerKind.Respond, 429, "{\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}", new System.Collections.Generic.Dictionary<string, string> { ["Content-Type"] = "application/json", ["Retry-After"] = "5" });
            var clock = new ManualClock();
            var options = Options();
            options.TimeProvider = clock;
            using var client = new KlingVideoClient(options);
            using var cts = new CancellationTokenSource();

            var submit = client.StartGenerationAsync(Request(), cts.Token);
            Assert.Equal(TimeSpan.FromSeconds(5), await clock.NextTimerAsync(TimeSpan.FromSeconds(6)));
            cts.Cancel();
            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => submit.WaitAsync(HangGuard));

            Assert.Equal(1, Server.Posts);
            Assert.DoesNotContain("may exist", ex.Message, StringComparison.Ordinal);
        }

        // =========================================================================================================
        // Promise 3: after an accepted submit, whatever ends GenerateAsync carries the task id.
        // =========================================================================================================

        // Review finding (low-medium) TaskPoller.WaitAsync starts its Activity before its try: an ActivityListener that throws in
        // ActivityStarted (user code: a telemetry processor) ends GenerateAsync with a bare InvalidOperationException after
        // the submit was accepted; the task id is lost. The same holds for ActivityStopped at the end of
        // KlingHttpTransport.SendToApiAsync after a 200 (the accepted submit becomes "outcome unknown").
        [Fact]
        public async Task GenerateAsync_ActivityListenerThrowingWhenTheWaitStarts_GoesOnToTheEnd()
        {
            OnPost = _ => RawAnswer.Json(200, Payloads.Read("submit-response.json"));
            OnGet = _ => RawAnswer.Json(200, $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380224,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/v.mp4\"}}]}}}}");
            using var listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = s => s.Name == KlingTelemetry.ActivitySourceName,
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
                ActivityStarted = a =>
                {
                    // Only in this test's flow: other tests listen to the same source at the same time.
                    if (Armed.Value && a.OperationName == "KlingO1 wait")
                    {
                        throw new InvalidOperationException("telemetry exporter failed");
                    }
                },
            };
            System.Diagnostics.ActivitySource.AddActivityListener(listener);
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
            {
                Configure(o);
                o.Polling = new KlingPollingOptions { InitialDelay = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(1) };
            });
            using var provider = services.BuildServiceProvider();

            // The broken listener costs the span, not the paid task: the generation goes on to its end.
            Armed.Value = true;
            var ex = await Record.ExceptionAsync(() => provider.GetRequiredService<IKlingVideoClient>().GenerateAsync(new VideoGenerationRequest("A cat playing piano")));
            Armed.Value = false;

            Assert.Equal(1, Server.Posts);
            Assert.True(ex is null, $"the task was accepted, yet GenerateAsync ended with {ex?.GetType().Name}: {ex?.Message}");
        }

        // =========================================================================================================
        // Promise 4: one engine per name under DI; disposing ends waits.
        // =========================================================================================================

        // Review finding (medium) KlingVideoEngine.Dispose closes the scheduler, which ends parked waits only: a wait whose status
        // read is in flight goes on until the read ends (up to MaxAttempts x Timeouts.StatusRead, ~80 s by default, with the
        // status-read pipeline retrying the timed-out read after the container was disposed). On a clock that never moves it
        // never ends. Under DI nothing cancels the read: the engine does not own the factory's HttpClient.
        [Fact]
        public async Task WaitForCompletionAsync_ContainerDisposedWhileAReadIsInFlight_EndsTheWait()
        {
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            OnGet = _ =>
            {
                arrived.TrySetResult();
                return RawAnswer.Hang;
            };
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(new ManualClock());
            services.AddKlingVideoClient(Configure);
            var provider = services.BuildServiceProvider();
            var wait = provider.GetRequiredService<IKlingVideoClient>().WaitForCompletionAsync(TaskId);
            await arrived.Task.WaitAsync(HangGuard);

            provider.Dispose();
            var ex = await Record.ExceptionAsync(() => wait.WaitAsync(HangGuard));

            Assert.False(ex is TimeoutException, "the wait outlived the container that was disposed");
            Assert.Contains(TaskId, Assert.IsType<ObjectDisposedException>(ex).Message, StringComparison.Ordinal);
        }

        // Review finding (medium-low) KlingVideoClient.SubmitAsync checks ThrowIfDisposed once, before the uploads: a container
        // disposed while a local image uploads still gets the submit sent (and billed) afterwards. KlingVideoEngine.ThrowIfDisposed
        // promises "nothing is uploaded, submitted (and billed) or read after that". The SDK's own retry delay after a 429
        // has the same gap.
        [Fact]
        public async Task SubmitAsync_ContainerDisposedDuringAnUpload_SubmitsNothing()
        {
            // The image upload waits at a gate until the test opens it; submits are counted, reads find nothing.
            var uploadArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var uploadReleased = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var service = new ScriptedHandler()
                .On("POST", ScriptedHandler.Uploads, async (_, _) =>
                {
                    uploadArrived.TrySetResult();
                    await uploadReleased.Task;
                    return Respond.Message(200, Payloads.Read("upload-response.json"));
                })
                .OnSubmit(Respond.Status(200, Payloads.Read("submit-response.json")));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.ApiKey = KlingServerFixture.ApiKey).ConfigurePrimaryHttpMessageHandler(() => service);
            var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IKlingVideoClient>();
            var request = new VideoGenerationRequest("<<<image_1>>> A cat", new[] { KlingImageSource.FromStream(new MemoryStream(TestImages.Png), "cat.png") });

            var submit = client.StartGenerationAsync(request);
            await uploadArrived.Task.WaitAsync(HangGuard);
            provider.Dispose();
            uploadReleased.TrySetResult();
            var ex = await Record.ExceptionAsync(() => submit.WaitAsync(HangGuard));

            Assert.True(service.Posts == 0, $"{service.Posts} submit(s) sent after the container was disposed; outcome: {ex?.GetType().Name ?? "success"}");
            Assert.IsType<ObjectDisposedException>(ex);
        }

        // ---------------------------------------------------------------------------------------------------------

        private static readonly AsyncLocal<bool> Armed = new();

        /// <summary>Counts the passes of submits below the hedging handler; signals the second.</summary>
        private sealed class PassCounter : DelegatingHandler
        {
            private readonly TaskCompletionSource _second = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _passes;

            public Task Second => _second.Task;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Method == HttpMethod.Post && Interlocked.Increment(ref _passes) == 2)
                {
                    _second.TrySetResult();
                }

                return base.SendAsync(request, cancellationToken);
            }
        }

        private static Uri ClosedPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return new Uri($"http://127.0.0.1:{port}/");
        }

        /// <summary>A (mis)hedging handler: sends one message twice at once and returns whichever answer succeeds.</summary>
        private sealed class DoubleSendHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var sends = new[] { Task.Run(() => base.SendAsync(request, cancellationToken), cancellationToken), Task.Run(() => base.SendAsync(request, cancellationToken), cancellationToken) };
                try
                {
                    await Task.WhenAll(sends);
                }
                catch (HttpRequestException)
                {
                    // The refused one.
                }

                return sends.First(s => s.IsCompletedSuccessfully).Result;
            }
        }

        /// <summary>A failover handler: a server error from the primary region is tried once on a backup region.</summary>
        private sealed class FailoverHandler : DelegatingHandler
        {
            private readonly Uri _backup;

            public FailoverHandler(Uri backup) => _backup = backup;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if ((int)response.StatusCode < 500)
                {
                    return response;
                }

                response.Dispose();
                using var failover = new HttpRequestMessage(request.Method, new Uri(_backup, request.RequestUri!.PathAndQuery)) { Content = request.Content };
                foreach (var header in request.Headers)
                {
                    failover.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                return await base.SendAsync(failover, cancellationToken);
            }
        }

        /// <summary>The common retry idiom: buffer the body once so it can be sent again, then retry 5xx.</summary>
        private sealed class BufferingRetryHandler : DelegatingHandler
        {
            private readonly int _attempts;

            public BufferingRetryHandler(int attempts) => _attempts = attempts;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Content is not null)
                {
#if NET9_0_OR_GREATER
                    await request.Content.LoadIntoBufferAsync(cancellationToken);
#else
                    await request.Content.LoadIntoBufferAsync();
#endif
                }

                for (var attempt = 1; ; attempt++)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if (attempt == _attempts || (int)response.StatusCode < 500)
                    {
                        return response;
                    }

                    response.Dispose();
                }
            }
        }

        /// <summary>The other common retry idiom: a fresh clone of the request (body read into memory) for every attempt.</summary>
        private sealed class CloningRetryHandler : DelegatingHandler
        {
            private readonly int _attempts;
            private readonly bool _copyOptions;

            public CloningRetryHandler(int attempts, bool copyOptions)
            {
                _attempts = attempts;
                _copyOptions = copyOptions;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
                for (var attempt = 1; ; attempt++)
                {
                    using var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
                    foreach (var header in request.Headers)
                    {
                        clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }

                    if (body is not null)
                    {
                        clone.Content = new ByteArrayContent(body);
                        foreach (var header in request.Content!.Headers)
                        {
                            clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                        }
                    }

                    if (_copyOptions)
                    {
                        foreach (var option in request.Options)
                        {
                            clone.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
                        }
                    }

                    var response = await base.SendAsync(clone, cancellationToken);
                    if (attempt == _attempts || (int)response.StatusCode < 500)
                    {
                        return response;
                    }

                    response.Dispose();
                }
            }
        }

        /// <summary>A request-signing handler: hashes the body (streamed, not buffered) before sending.</summary>
        private sealed class BodyHashingHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Content is not null)
                {
                    using var sha = System.Security.Cryptography.SHA256.Create();
                    using var hashing = new System.Security.Cryptography.CryptoStream(Stream.Null, sha, System.Security.Cryptography.CryptoStreamMode.Write);
                    await request.Content.CopyToAsync(hashing, cancellationToken);
                    await hashing.FlushFinalBlockAsync(cancellationToken);
                    request.Headers.TryAddWithoutValidation("X-Body-Sha256", Convert.ToHexString(sha.Hash!));
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }

        /// <summary>A diagnostics handler that logs the request body next to the answer, once the answer came.</summary>
        private sealed class BodyLoggingHandler : DelegatingHandler
        {
            public string? Logged { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                Logged = (int)response.StatusCode + " " + (request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
                return response;
            }
        }

        /// <summary>A fallback: a server error or a failed exchange becomes a canned answer of the given status.</summary>
        private sealed class FallbackHandler : DelegatingHandler
        {
            private readonly HttpStatusCode _status;

            public FallbackHandler(HttpStatusCode status) => _status = status;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                try
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    if ((int)response.StatusCode < 500)
                    {
                        return response;
                    }

                    response.Dispose();
                }
                catch (HttpRequestException)
                {
                }

                return new HttpResponseMessage(_status) { Content = new StringContent("{\"error\":{\"code\":\"fallback\",\"message\":\"try later\"}}", Encoding.UTF8, "application/json") };
            }
        }

        /// <summary>A response body that never yields a byte, and gives up only when the token it is read with is cancelled.</summary>
        private sealed class StallingStream : AsyncReadOnlyBody
        {
            private readonly TaskCompletionSource _readStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task ReadStarted => _readStarted.Task;

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                _readStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
        }
    }
}
