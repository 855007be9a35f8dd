using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing.Endpoints;
using KlingO1.Testing.Hosting;
using KlingO1.Testing.InMemory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KlingO1.Testing
{
    /// <summary>
    /// An offline stand-in for the ToAPIs service: a real HTTP server on loopback that submits, runs and serves
    /// Kling Video O1 tasks with the service's shapes, status codes and errors. Point a client's
    /// <c>BaseAddress</c> at <see cref="BaseAddress"/> and use <see cref="ApiKey"/>. For unit tests without a socket,
    /// <see cref="CreateInMemory"/> makes one with no server, reached through <see cref="CreateHandler"/>.
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
        // Not a port: the in-memory simulator's address is only ever answered by its handlers.
        private static readonly Uri InMemoryAddress = new("http://localhost/");

        // The longest wait one timer takes (Task.Delay refuses longer ones).
        private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

        private readonly WebApplication? _app;
        private readonly SimulatorState _state;

        // Cancelled on dispose: in-memory handlers then refuse new requests and drop running ones, as a stopped server does.
        private readonly CancellationTokenSource _stopped = new();

        private KlingSimulator(WebApplication? app, SimulatorState state)
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

        /// <summary>Gets the loopback server's services (none for an in-memory simulator); tests inspect the host with it.</summary>
        internal IServiceProvider? HostServices => _app?.Services;

        /// <summary>Gets the bytes of the MP4 that every completed task serves.</summary>
        public static ReadOnlyMemory<byte> VideoContent => FileHostEndpoint.VideoBytes;

        /// <summary>Starts a simulator on a loopback port.</summary>
        /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
        /// <param name="cancellationToken">Cancels the start.</param>
        /// <returns>The running simulator; dispose it to stop it.</returns>
        /// <exception cref="ArgumentException">A setting is unusable; the message names each one.</exception>
        /// <remarks>
        /// The server is a guest in the process: it reads none of the app's configuration (appsettings.json, environment
        /// variables such as <c>ASPNETCORE_URLS</c> or <c>Kestrel__Endpoints__*</c>, the command line), so it binds only its
        /// own loopback port; it watches no files; and it leaves Ctrl+C and SIGTERM to the app.
        /// </remarks>
        public static async Task<KlingSimulator> StartAsync(KlingSimulatorOptions? options = null, CancellationToken cancellationToken = default)
        {
            var state = new SimulatorState(Checked(options));
            var (app, address) = await SimulatorHost.StartAsync(state.Options.Port, context => HandleAsync(context, state), cancellationToken).ConfigureAwait(false);
            state.BaseAddress = address;
            return new KlingSimulator(app, state);
        }

        /// <summary>
        /// Creates a simulator with no server: its <see cref="CreateHandler"/> answers requests in memory, with no socket,
        /// for fast unit tests. Its <see cref="BaseAddress"/> is <c>http://localhost/</c>, which nothing listens at for it: give
        /// the client the handler (<c>new KlingVideoClient(simulator.CreateHandler(), options)</c>).
        /// </summary>
        /// <param name="options">The settings, or <see langword="null"/> for the defaults; <see cref="KlingSimulatorOptions.Port"/> is not used.</param>
        /// <returns>The simulator; dispose it when done.</returns>
        /// <exception cref="ArgumentException">A setting is unusable.</exception>
        /// <example>
        /// <code>
        /// await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
        /// using var handler = simulator.CreateHandler();
        /// using var client = new KlingVideoClient(handler, new KlingVideoClientOptions
        /// {
        ///     ApiKey = simulator.ApiKey,
        ///     BaseAddress = simulator.BaseAddress,
        ///     TimeProvider = clock,
        /// });
        /// </code>
        /// </example>
        public static KlingSimulator CreateInMemory(KlingSimulatorOptions? options = null)
        {
            var state = new SimulatorState(Checked(options)) { BaseAddress = InMemoryAddress };
            return new KlingSimulator(app: null, state);
        }

        /// <summary>
        /// Creates a handler that answers requests to <see cref="BaseAddress"/> (the API and the file host) by running them
        /// straight through the simulator, in memory: no socket, on this simulator or on a loopback one alike. Requests to
        /// any other address fail with <see cref="HttpRequestException"/>; so do all once the simulator is disposed.
        /// </summary>
        /// <returns>A new handler; the caller disposes it (disposing it leaves the simulator running).</returns>
        /// <remarks>
        /// What the client sees is what it sees over loopback: statuses, headers, bodies, the request log, faults on the
        /// simulator's clock; a lost submit response is an <see cref="HttpRequestException"/>. Request bodies have no size
        /// limit of the server's (the endpoints' own limits still apply).
        /// </remarks>
        public HttpMessageHandler CreateHandler() => new InMemoryHandler(_state, _stopped.Token);

        /// <summary>
        /// Stops the server (an in-memory simulator's handlers fail from then on), after cancelling pending webhook
        /// deliveries and waiting for those in flight.
        /// </summary>
        /// <returns>A task that completes when the server has stopped.</returns>
        public async ValueTask DisposeAsync()
        {
            // First: after disposal no webhook is sent, and no delivery is left running in the background.
            await _state.Webhooks.DisposeAsync().ConfigureAwait(false);
            _stopped.Cancel();
            if (_app is not null)
            {
                await _app.StopAsync().ConfigureAwait(false);
                await _app.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Returns the settings to use (the defaults for none): a copy, so that a change to the caller's instance after the
        /// check (say, to reuse it for another simulator) neither alters this simulator nor gets past the check.
        /// </summary>
        /// <exception cref="ArgumentException">A setting is unusable.</exception>
        private static KlingSimulatorOptions Checked(KlingSimulatorOptions? options)
        {
            var settings = (options ?? new KlingSimulatorOptions()).Snapshot();
            settings.Validate();
            return settings;
        }

        /// <summary>Runs one request through the simulator: the loopback server's and the in-memory handler's way in.</summary>
        internal static async Task HandleAsync(HttpContext context, SimulatorState state)
        {
            var path = context.Request.Path.Value ?? "/";
            var log = RequestLog.Begin(context, state, path);
            try
            {
                await RouteAsync(context, state, path.TrimStart('/')).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.Response.HasStarted)
            {
                // The server answers a handler that failed before its answer started: a bad request (a malformed or
                // too large body) with its own status, anything else with 500. The log shows what the client got.
                await log.Record(failedWith: ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError).ConfigureAwait(false);
                throw;
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

            // One timer waits at most about 49.7 days: a longer latency (TimeSpan.MaxValue for "never") is waited out in
            // turns, on the simulator's clock, instead of failing the request with a 500.
            for (var left = state.Faults.Latency; left > TimeSpan.Zero; left -= LongestTimer)
            {
                await Task.Delay(left < LongestTimer ? left : LongestTimer, state.Time, context.RequestAborted).ConfigureAwait(false);
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
                await GenerationEndpoints.GetAsync(context, state, IdInPath(path.Substring(Generations.Length + 1))).ConfigureAwait(false);
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

        /// <summary>
        /// Returns the id a path segment names. The server has decoded the path once already, all but <c>%2F</c>, which it
        /// keeps so as not to split a segment: decoding the rest again would read an id sent as <c>order%2541</c> (the
        /// id <c>order%41</c>) as <c>orderA</c>.
        /// </summary>
        private static string IdInPath(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

        private static bool IsAuthorized(HttpContext context, SimulatorState state)
        {
            var header = context.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal)
                && string.Equals(header.Substring("Bearer ".Length).Trim(), state.Options.ApiKey, StringComparison.Ordinal);
        }
    }
}
