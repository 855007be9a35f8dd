using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>
    /// A real ASP.NET Core webhook receiver on a loopback port whose endpoint is the README's, line for line: verify,
    /// <c>ProcessOnceAsync</c>, act only on <c>evt.Task</c>. Around it, a test can see every request it got and what it
    /// answered, make processing fail (the endpoint then answers 500), hang, or redirect.
    /// </summary>
    internal sealed class WebhookReceiver : IAsyncDisposable
    {
        public const string Path = "/kling/webhook";
        public const string OtherPath = "/other/hook";

        // A guard against a delivery that never comes; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

        private readonly WebApplication _app;
        private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
        private readonly Channel<string> _arrived = Channel.CreateUnbounded<string>();
        private readonly ConcurrentQueue<Received> _all = new();
        private int _processingFailures;
        private TaskCompletionSource? _hold;
        private int _redirects;

        private WebhookReceiver(WebApplication app, FinishedVideos videos)
        {
            _app = app;
            Videos = videos;
        }

        /// <summary>Gets the base URL, for example <c>http://127.0.0.1:50123</c>.</summary>
        public Uri BaseUrl { get; private set; } = null!;

        /// <summary>Gets the webhook endpoint's URL, to configure the simulator with.</summary>
        public Uri Url => new(BaseUrl, Path);

        /// <summary>Gets the tasks the endpoint acted on: the README's <c>videos.FinishAsync(task)</c>.</summary>
        public FinishedVideos Videos { get; }

        /// <summary>Gets every request answered so far, oldest first.</summary>
        public IReadOnlyList<Received> All => _all.ToArray();

        public static async Task<WebhookReceiver> StartAsync(string webhookSecret, TimeProvider clock, string? previousSecret = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var videos = new FinishedVideos();
            var receiver = new WebhookReceiver(app, videos);
            app.Use(receiver.RecordAsync);

            // The README's endpoint; the verifier and the store are on the simulator's clock, as a test's must be.
            var verifier = new KlingWebhookVerifier(webhookSecret, previousSecret, clock);
            var replays = new InMemoryKlingWebhookReplayStore(timeProvider: clock);
            RequestDelegate endpoint = async http => await (await HandleAsync(http.Request)).ExecuteAsync(http);

            async Task<IResult> HandleAsync(HttpRequest http)
            {
                KlingWebhookEvent evt;
                try
                {
                    evt = await verifier.VerifyAsync(
                        http.Headers[KlingWebhookVerifier.IdHeader], http.Headers[KlingWebhookVerifier.TimestampHeader],
                        http.Headers[KlingWebhookVerifier.SignatureHeader], http.Body, http.HttpContext.RequestAborted);
                }
                catch (KlingWebhookException)
                {
                    return Results.BadRequest();
                }

                http.HttpContext.Items[typeof(KlingWebhookEvent)] = evt;
                var processedNow = await replays.ProcessOnceAsync(evt, (e, ct) => e.Task is { } task ? videos.FinishAsync(task, ct) : Task.CompletedTask,
                    http.HttpContext.RequestAborted);
                http.HttpContext.Items[typeof(bool)] = processedNow;
                return Results.Ok();
            }

            app.MapPost(Path, endpoint);
            app.MapPost(OtherPath, endpoint);
            app.MapPost("/redirected", (HttpContext http) => Results.Ok());
            await app.StartAsync();
            receiver.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            videos.Receiver = receiver;
            return receiver;
        }

        /// <summary>Makes processing throw for the next <paramref name="count"/> events: the endpoint answers 500.</summary>
        public void FailProcessing(int count) => Interlocked.Exchange(ref _processingFailures, count);

        /// <summary>Holds every request without answering until <see cref="StopHanging"/> (or the caller gives up).</summary>
        public void Hang() => Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void StopHanging() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

        /// <summary>Answers the next <paramref name="count"/> requests with a 302 to another path, before verifying.</summary>
        public void Redirect(int count) => Interlocked.Exchange(ref _redirects, count);

        /// <summary>Waits for the next answered request.</summary>
        public async Task<Received> NextAsync()
        {
            using var guard = new CancellationTokenSource(HangGuard);
            return await _received.Reader.ReadAsync(guard.Token);
        }

        /// <summary>Waits until a request has arrived (before it is answered), and returns its path.</summary>
        public async Task<string> ArrivedAsync()
        {
            using var guard = new CancellationTokenSource(HangGuard);
            return await _arrived.Reader.ReadAsync(guard.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        internal bool TakeProcessingFailure() => TakeOne(ref _processingFailures);

        private static bool TakeOne(ref int counter)
        {
            while (true)
            {
                var left = Volatile.Read(ref counter);
                if (left <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref counter, left - 1, left) == left)
                {
                    return true;
                }
            }
        }

        /// <summary>Keeps each request's headers and body, and enters it with the status it is answered with.</summary>
        private async Task RecordAsync(HttpContext context, RequestDelegate next)
        {
            var request = context.Request;
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            var pathAndQuery = request.Path.Value + request.QueryString.Value;
            _arrived.Writer.TryWrite(pathAndQuery);

            int status;
            if (Volatile.Read(ref _hold) is { } hold)
            {
                try
                {
                    // Held until the simulator gives up (the request is aborted) or the test lets it go.
                    await hold.Task.WaitAsync(context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    Enter(context, pathAndQuery, body, 0);
                    return;
                }
            }

            if (TakeOne(ref _redirects))
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/redirected";
                Enter(context, pathAndQuery, body, 302);
                return;
            }

            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            catch (Exception)
            {
                // The README's endpoint lets a failed handler throw: ASP.NET Core answers 500 and the service retries.
                Enter(context, pathAndQuery, body, 500);
                throw;
            }

            Enter(context, pathAndQuery, body, status);
        }

        private void Enter(HttpContext context, string pathAndQuery, string body, int status)
        {
            var headers = context.Request.Headers;
            var received = new Received(
                pathAndQuery,
                headers.UserAgent.ToString(),
                headers[KlingWebhookVerifier.IdHeader].ToString(),
                headers[KlingWebhookVerifier.TimestampHeader].ToString(),
                headers[KlingWebhookVerifier.SignatureHeader].ToString(),
                body,
                status,
                context.Items[typeof(KlingWebhookEvent)] as KlingWebhookEvent,
                context.Items[typeof(bool)] as bool? ?? false);
            _all.Enqueue(received);
            _received.Writer.TryWrite(received);
        }

        /// <summary>One request the receiver answered: what came, what it answered, and the verified event if any.</summary>
        internal sealed record Received(
            string PathAndQuery,
            string UserAgent,
            string EventId,
            string Timestamp,
            string Signature,
            string Body,
            int Status,
            KlingWebhookEvent? Event,
            bool ProcessedNow);

        /// <summary>The application's side: what it does with a finished video task (here, remembers it).</summary>
        internal sealed class FinishedVideos
        {
            private readonly ConcurrentQueue<VideoTask> _finished = new();

            public WebhookReceiver Receiver { get; set; } = null!;

            public IReadOnlyList<VideoTask> Finished => _finished.ToArray();

            public Task FinishAsync(VideoTask task, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Receiver.TakeProcessingFailure())
                {
                    throw new InvalidOperationException("The application failed to process the video (injected by the test).");
                }

                _finished.Enqueue(task);
                return Task.CompletedTask;
            }
        }
    }
}
