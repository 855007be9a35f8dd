using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KlingO1.Testing
{
    /// <summary>
    /// An offline stand-in for the ToAPIs service: a real HTTP server on loopback that submits, runs and serves
    /// Kling Video O1 tasks with the service's shapes, status codes and errors. Point a client's
    /// <c>BaseAddress</c> at <see cref="BaseAddress"/> and use <see cref="ApiKey"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = 20 });
    /// using var client = new KlingVideoClient(new KlingVideoClientOptions
    /// {
    ///     ApiKey = simulator.ApiKey,
    ///     BaseAddress = simulator.BaseAddress,
    /// });
    /// </code>
    /// </example>
    /// <remarks>
    /// Tasks move through queued, in_progress (with rising progress) and completed, or failed when the prompt carries
    /// <see cref="KlingSimulatorOptions.FailurePromptMarker"/>, on the simulator's clock: give it a fake
    /// <see cref="TimeProvider"/> to advance time instead of waiting. Thread-safe.
    /// </remarks>
    public sealed partial class KlingSimulator : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly SimulatorState _state;

        private KlingSimulator(WebApplication app, SimulatorState state)
        {
            _app = app;
            _state = state;
        }

        /// <summary>Gets the address to use as the client's base address, for example <c>http://127.0.0.1:50123/</c>.</summary>
        public Uri BaseAddress => _state.BaseAddress;

        /// <summary>Gets the API key the simulator accepts.</summary>
        public string ApiKey => _state.Options.ApiKey;

        /// <summary>Gets the faults that can be switched on while the simulator runs.</summary>
        public SimulatorFaults Faults => _state.Faults;

        /// <summary>Gets the tasks created so far, oldest first; a test can assert, say, that exactly one was created.</summary>
        public IReadOnlyList<SimulatedTask> Tasks => _state.Tasks;

        /// <summary>Gets every request received so far, oldest first, with the status it was answered with.</summary>
        public IReadOnlyList<ReceivedRequest> Requests => _state.Requests;

        /// <summary>Gets the bytes of the MP4 that every completed task serves.</summary>
        public static ReadOnlyMemory<byte> VideoContent => FileHostEndpoint.VideoBytes;

        /// <summary>Starts a simulator on a loopback port.</summary>
        /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
        /// <param name="cancellationToken">Cancels the start.</param>
        /// <returns>The running simulator; dispose it to stop it.</returns>
        /// <exception cref="ArgumentException">A setting is unusable; the message names each one.</exception>
        public static async Task<KlingSimulator> StartAsync(KlingSimulatorOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new KlingSimulatorOptions();
            options.Validate();
            var state = new SimulatorState(options);
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);

                // Uploads are refused by the endpoints' own limits (10 MB images, 50 MB videos) with the service's
                // answer, not by Kestrel's 30 MB default.
                kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
            });
            var app = builder.Build();
            app.Run(context => HandleAsync(context, state));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            state.BaseAddress = new Uri(address.TrimEnd('/') + "/");
            return new KlingSimulator(app, state);
        }

        /// <summary>Stops the server.</summary>
        /// <returns>A task that completes when the server has stopped.</returns>
        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        private static async Task HandleAsync(HttpContext context, SimulatorState state)
        {
            var path = context.Request.Path.Value ?? "/";
            var log = RequestLog.Begin(context, state, path);
            try
            {
                await RouteAsync(context, state, path.TrimStart('/')).ConfigureAwait(false);
            }
            finally
            {
                // Answered requests were entered when their response started; this catches any other ending.
                await log.Record().ConfigureAwait(false);
            }
        }

        private static async Task RouteAsync(HttpContext context, SimulatorState state, string path)
        {
            if (path.StartsWith("files/", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
            {
                await FileHostEndpoint.HandleAsync(context, state, path).ConfigureAwait(false);
                return;
            }

            if (!IsAuthorized(context, state))
            {
                await ServiceErrors.UnauthorizedAsync(context).ConfigureAwait(false);
                return;
            }

            if (state.Faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(state.Faults.Latency, state.Time, context.RequestAborted).ConfigureAwait(false);
            }

            if (state.Faults.TakeServerError())
            {
                await ServiceErrors.ServerErrorAsync(context, state.Faults.ServerErrorStatus).ConfigureAwait(false);
                return;
            }

            const string Generations = "v1/videos/generations";
            if (path == Generations && HttpMethods.IsPost(context.Request.Method))
            {
                await GenerationEndpoints.SubmitAsync(context, state).ConfigureAwait(false);
            }
            else if (path.StartsWith(Generations + "/", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method))
            {
                await GenerationEndpoints.GetAsync(context, state, Uri.UnescapeDataString(path.Substring(Generations.Length + 1))).ConfigureAwait(false);
            }
            else if (path is "v1/balance" or "v1/user/balance" && HttpMethods.IsGet(context.Request.Method))
            {
                await BalanceEndpoint.HandleAsync(context, state).ConfigureAwait(false);
            }
            else if (path == "v1/uploads/images" && HttpMethods.IsPost(context.Request.Method))
            {
                await UploadEndpoint.HandleAsync(context, state, UploadEndpoint.Images).ConfigureAwait(false);
            }
            else if (path == "v1/uploads/videos" && HttpMethods.IsPost(context.Request.Method))
            {
                await UploadEndpoint.HandleAsync(context, state, UploadEndpoint.Videos).ConfigureAwait(false);
            }
            else
            {
                await ServiceErrors.InvalidRequestAsync(context, $"No endpoint {context.Request.Method} /{path}.").ConfigureAwait(false);
            }
        }

        private static bool IsAuthorized(HttpContext context, SimulatorState state)
        {
            var header = context.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal)
                && string.Equals(header.Substring("Bearer ".Length).Trim(), state.Options.ApiKey, StringComparison.Ordinal);
        }
    }
}
