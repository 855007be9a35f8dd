using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Observability;
using KlingO1.Polling;
using KlingO1.Transport.Operations;
using KlingO1.Transport.Permits;
using KlingO1.Transport.Resilience;
using KlingO1.Transport.SingleSend;
using KlingO1.Transport.Wire;
using Polly;

namespace KlingO1.Transport
{
    /// <summary>
    /// Sends the SDK's requests to the API and turns the answers into models or typed exceptions: one sender for every
    /// entry of the operation table (<see cref="ApiOperations"/>), through the entry's pipeline, by the entry's rules. The
    /// file host's fetches are <see cref="FileHost.FileHostClient"/>'s.
    /// </summary>
    /// <remarks>
    /// Every address is built from the configured base address, so the API key (added per request, never to the
    /// shared <see cref="HttpClient"/>) only travels to the service's own host, and an answer is taken only from that
    /// host (not from wherever a redirect led). A submit's message carries a <see cref="SubmitSend"/>, so neither a
    /// handler around the client nor the primary handler can send it twice.
    /// </remarks>
    internal sealed class KlingHttpTransport
    {
        /// <summary>The most the SDK's HTTP clients buffer of an API answer (the service's are about 1 KB); the video streams.</summary>
        internal const int MaxAnswerBytes = 1024 * 1024;

        private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

        private readonly Func<HttpClient> _http;

        // The address of every operation with a fixed path, by its index in the table (made once, not per call).
        private readonly Uri?[] _addresses;
        private readonly string _authorizationValue;
        private readonly string _apiKey;
        private readonly TimeProvider _time;
        private readonly RequestPipelines _pipelines;
        private readonly string _taskAddressPrefix;
        private readonly bool _guarded;
        private readonly Action<RateLimitReport>? _statusReadLimits;
        private readonly RequestPermits _permits;

        // Made once: an instance method passed as a delegate would make a new delegate on every call.
        private readonly Func<TaskDto, VideoTask> _readTask;

        /// <param name="http">Gives the client to send one request with: a fixed one, or one from <c>IHttpClientFactory</c>.</param>
        /// <param name="baseAddress">The API's address.</param>
        /// <param name="apiKey">The API key, sent to <paramref name="baseAddress"/> only.</param>
        /// <param name="time">The clock of the pipelines.</param>
        /// <param name="pipelines">The per-operation retry and timeout pipelines.</param>
        /// <param name="guarded">True when the clients <paramref name="http"/> gives have the SDK's innermost single-send handler.</param>
        /// <param name="permits">The caller's limiters: each attempt of a status read or submit takes a permit first.</param>
        /// <param name="statusReadLimits">Told what each status-read answer said about the rate limit (the poll scheduler follows it), or null.</param>
        public KlingHttpTransport(
            Func<HttpClient> http,
            Uri baseAddress,
            string apiKey,
            TimeProvider time,
            RequestPipelines pipelines,
            bool guarded,
            RequestPermits? permits = null,
            Action<RateLimitReport>? statusReadLimits = null)
        {
            _permits = permits ?? RequestPermits.None;
            _guarded = guarded;
            _statusReadLimits = statusReadLimits;
            _http = http;
            _apiKey = apiKey;
            _time = time;
            _pipelines = pipelines;
            _readTask = ReadTask;
            _authorizationValue = "Bearer " + apiKey;
            var root = baseAddress.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
            _addresses = new Uri?[ApiOperations.All.Count];
            foreach (var operation in ApiOperations.All)
            {
                if (operation.Host == ServiceHost.Api && operation.Path is { } path && path.IndexOf('{') < 0)
                {
                    _addresses[operation.Index] = new Uri(root, path);
                }
            }

            _taskAddressPrefix = new Uri(root, ApiOperations.StatusRead.Path!.Replace("{id}", string.Empty)).AbsoluteUri;
        }

        /// <summary>
        /// <c>POST /v1/videos/generations</c>: creates (and bills) a task. Re-sent only when provably not accepted; a
        /// failure after which the task may exist becomes <see cref="VideoSubmitOutcomeUnknownException"/>, or
        /// <see cref="VideoGenerationCanceledException"/> when the caller cancelled; both carry the business id.
        /// </summary>
        public async ValueTask<VideoTask> SubmitAsync(SubmitRequestDto body, CancellationToken cancellationToken)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(body, KlingJsonContext.Requests.SubmitRequestDto);
            var attempts = new SubmitAttempts(_guarded);
            try
            {
                return await SendToApiAsync(
                    new ApiRequest(this, ApiOperations.Submit, AddressOf(ApiOperations.Submit), json, attempts),
                    KlingJsonContext.Default.TaskDto,
                    _readTask,
                    cancellationToken,
                    model: body.Model).ConfigureAwait(false);
            }
            catch (Exception ex) when (ApiOperations.Submit.MayHaveBeenAccepted(ex, attempts.Last))
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new VideoGenerationCanceledException(null, null, body.ClientBusinessId, ex, cancellationToken);
                }

                throw new VideoSubmitOutcomeUnknownException(body.ClientBusinessId, ex, SubmitOutcome.HowOftenSent(attempts.Last!));
            }
        }

        /// <summary>
        /// <c>GET /v1/videos/generations/{id}</c>: reads a task (by its id or its client business id). An answer about
        /// another task than the one asked for is refused as unreadable, never returned as this one.
        /// </summary>
        /// <param name="taskId">The task's id or client business id.</param>
        /// <param name="cancellationToken">Ends the read.</param>
        /// <param name="permit">A permit the poll scheduler already got for this read (its first attempt uses it), or null.</param>
        public Task<VideoTask> GetTaskAsync(string taskId, CancellationToken cancellationToken, PermitInHand? permit = null)
            => SendToApiAsync(
                new ApiRequest(this, ApiOperations.StatusRead, TaskAddress(taskId), expectedTask: taskId, permit: permit),
                KlingJsonContext.Default.TaskDto,
                _readTask,
                cancellationToken).AsTask();

        /// <summary>
        /// <c>GET /v1/balance</c> (the key's) or <c>GET /v1/user/balance</c> (its user's): reads what is left and used.
        /// </summary>
        public Task<AccountBalance> GetBalanceAsync(bool ofUser, CancellationToken cancellationToken)
        {
            var operation = ofUser ? ApiOperations.UserBalanceRead : ApiOperations.KeyBalanceRead;
            return SendToApiAsync(
                new ApiRequest(this, operation, AddressOf(operation)),
                KlingJsonContext.Default.BalanceResponseDto,
                ReadBalance,
                cancellationToken).AsTask();
        }

        /// <summary>
        /// <c>POST /v1/uploads/images</c> or <c>/v1/uploads/videos</c> (<paramref name="upload"/>): sends the file as the
        /// multipart field <c>file</c>, streamed from its content opened afresh for each attempt, so a failed upload can be
        /// retried.
        /// </summary>
        public Task<StoredUpload> UploadAsync(ApiOperation upload, UploadFile file, CancellationToken cancellationToken)
            => SendToApiAsync(
                new ApiRequest(
                    this,
                    upload,
                    AddressOf(upload),
                    body: new Func<HttpContent>(() => new MultipartFormDataContent { { FileContent(file), "file", file.FileName } })),
                KlingJsonContext.Default.UploadResponseDto,
                ReadUpload,
                cancellationToken).AsTask();

        private static StreamContent FileContent(UploadFile file)
        {
            var content = new StreamContent(file.OpenContent());
            content.Headers.ContentType = new MediaTypeHeaderValue(file.MimeType);
            return content;
        }

        internal Uri TaskAddress(string taskId) => new(_taskAddressPrefix + Uri.EscapeDataString(taskId), UriKind.Absolute);

        private Uri AddressOf(ApiOperation operation)
            => _addresses[operation.Index] ?? throw new ArgumentException($"The {operation.Name} has no fixed address at the API.", nameof(operation));

        /// <summary>Maps a task with every text the service wrote in it masked: a failed task's error may echo the key.</summary>
        private VideoTask ReadTask(TaskDto dto)
        {
            if (dto.Error is { } error)
            {
                error.Code = ResponseBody.Redact(error.Code, _apiKey);
                error.Message = ResponseBody.Redact(error.Message, _apiKey);
            }

            dto.Model = ResponseBody.Redact(dto.Model, _apiKey);
            return WireMapping.ToVideoTask(dto);
        }

        private static StoredUpload ReadUpload(UploadResponseDto dto) => WireMapping.ToStoredUpload(dto);

        private static AccountBalance ReadBalance(BalanceResponseDto dto) => WireMapping.ToAccountBalance(dto);

        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
#if NET
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
            cancellationToken.ThrowIfCancellationRequested();
            return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        }

        /// <summary>
        /// One attempt: a new request (each attempt sends its own message) with the API key, JSON accepted and the SDK's
        /// user agent. Never throws: a failure is the attempt's outcome, which the pipeline judges. A cancellation the
        /// pipeline did not ask for (<see cref="HttpClient.Timeout"/>, a handler's own limit) is a timeout, not the
        /// caller's cancellation; an answer that came from another host than the API's is refused.
        /// </summary>
        private static async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(ResilienceContext context, ApiRequest call)
        {
            SubmitSend? send = null;
            RateLimitLease? permit = null;
            var http = call.Owner._http();
            try
            {
                // Before anything is sent: a refused permit fails the attempt with nothing sent (not retried, not billed).
                if (call.Owner._permits.For(call.Operation) is { } limiter)
                {
                    permit = call.Permit?.Take() ?? await RequestPermits.AcquireAsync(limiter, call.Operation, context.CancellationToken).ConfigureAwait(false);
                }

                // Counted per request sent, retries included: these are what the service bills and rate-limits.
                call.Operation.SentCounter?.Add(1);

                // Only a submit carries a mark (its record), so the innermost handlers look into no other request's options.
                using var request = call.Submit is null
                    ? new UnmarkedRequestMessage(call.Operation.Method, call.Address)
                    : new HttpRequestMessage(call.Operation.Method, call.Address);
                if (call.Submit is { } attempts)
                {
                    send = attempts.Next();
                    context.Properties.Set(SubmitAttempts.Key, attempts);
                    send.AttachTo(request);
                    request.Content = new SingleSendContent((byte[])call.Body!, JsonContentType, send);
                }
                else
                {
                    request.Content = call.CreateContent();
                }

                // Pre-formatted values, added without re-validation: these run on every request.
                request.Headers.TryAddWithoutValidation("Authorization", call.Owner._authorizationValue);
                request.Headers.TryAddWithoutValidation("Accept", "application/json");
                request.Headers.TryAddWithoutValidation("User-Agent", UserAgent.Value);
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.CancellationToken).ConfigureAwait(false);
                if (response.RequestMessage?.RequestUri is { } answeredBy && !(call.Submit is null ? SameOrigin(answeredBy, call.Address) : answeredBy == call.Address))
                {
                    // A submit's answer comes from the POST itself; a read's from the API's host (a task read by another
                    // path is caught by its id).
                    response.Dispose();
                    return Outcome.FromException<HttpResponseMessage>(new HttpRequestException(
                        $"The {call.Operation.Name} was redirected ({answeredBy.GetLeftPart(UriPartial.Authority)}); the SDK takes answers only from the address it asked."));
                }

                if (call.Operation.ReportsRateLimits && call.Owner._statusReadLimits is { } follow)
                {
                    // Every attempt's answer, a retried 429 too: the next read of any wait is paced by it at once.
                    var report = RateLimitReport.From(response, call.Owner._time, call.Owner._apiKey);
                    if (!report.IsEmpty)
                    {
                        follow(report);
                    }
                }

                if (send is not null)
                {
                    if (SubmitOutcome.Substitute(send, response) is { } substitute)
                    {
                        response.Dispose();
                        return Outcome.FromException<HttpResponseMessage>(substitute);
                    }

                    // Without the innermost handler, the answer that reached the SDK is all it knows.
                    send.RecordAnswer((int)response.StatusCode);
                }

                return Outcome.FromResult(response);
            }
            catch (OperationCanceledException ex) when (!context.CancellationToken.IsCancellationRequested)
            {
                return Outcome.FromException<HttpResponseMessage>(KlingTimeoutException.CutShort(call.Operation.Name, http.Timeout, ex));
            }
            catch (Exception ex)
            {
                // A handler around the client swallowed what the network answered (and tried again, or failed over).
                return Outcome.FromException<HttpResponseMessage>(send is not null && SubmitOutcome.Substitute(send, response: null) is { } substitute ? substitute : ex);
            }
            finally
            {
                // Time-window limiters count a permit when it is given; a concurrency limiter gets its permit back here.
                permit?.Dispose();
            }
        }

        // The address asked, where no redirect replaced it, is its own origin: no host is compared (IdnHost makes a string).
        private static bool SameOrigin(Uri answeredBy, Uri asked)
            => ReferenceEquals(answeredBy, asked)
                || (string.Equals(answeredBy.Scheme, asked.Scheme, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(answeredBy.IdnHost, asked.IdnHost, StringComparison.OrdinalIgnoreCase)
                    && answeredBy.Port == asked.Port);

        /// <summary>
        /// The one sender of API requests, in the operation's span when anyone listens (<see cref="OperationSpans"/>);
        /// without a listener no span, and no second state machine, is made.
        /// </summary>
        private ValueTask<T> SendToApiAsync<TDto, T>(
            ApiRequest call,
            JsonTypeInfo<TDto> dtoType,
            Func<TDto, T> map,
            CancellationToken cancellationToken,
            string? model = null)
            where TDto : class
            => Instruments.Source.HasListeners()
                ? SendInSpanAsync(call, dtoType, map, cancellationToken, model)
                : SendAndReadAsync(call, dtoType, map, default, cancellationToken);

        // Started here, inside an async method, so the span is Activity.Current for the attempts only, never for the caller.
        private async ValueTask<T> SendInSpanAsync<TDto, T>(ApiRequest call, JsonTypeInfo<TDto> dtoType, Func<TDto, T> map, CancellationToken cancellationToken, string? model)
            where TDto : class
        {
            using var span = OperationSpans.Start(call.Operation, call.Address, model);
            try
            {
                return await SendAndReadAsync(call, dtoType, map, span, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                span.Failed(ex);
                throw;
            }
        }

        /// <summary>
        /// Sends a request through its operation's pipeline and reads the answer: a success into
        /// <typeparamref name="T"/>, anything else (a refusal, an unreadable body, a refusal inside a success answer) into
        /// the matching exception.
        /// </summary>
        private async ValueTask<T> SendAndReadAsync<TDto, T>(
            ApiRequest call,
            JsonTypeInfo<TDto> dtoType,
            Func<TDto, T> map,
            SafeActivity span,
            CancellationToken cancellationToken)
            where TDto : class
        {
            var operation = call.Operation;

            // The pooled context and an outcome callback: no exception is thrown and caught inside the pipeline.
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            Outcome<HttpResponseMessage> outcome;
            try
            {
                outcome = await _pipelines.For(operation).ExecuteOutcomeAsync(static (context, call) => SendAttemptAsync(context, call), context, call).ConfigureAwait(false);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            using var response = PipelineOutcomes.ResultOf(outcome, operation);
            span.Answered(response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                throw ApiErrorMapper.FromErrorResponse(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), _apiKey, _time);
            }

            // The error paths below read the (buffered) body again, as bytes for their bounded, redacted snippet.
            try
            {
#if NET
                // The buffered body, read in place: the stream over it copies nothing.
                var dto = JsonSerializer.Deserialize(response.Content.ReadAsStream(cancellationToken), dtoType);
#else
                var dto = JsonSerializer.Deserialize(await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), dtoType);
#endif
                if (dto is null)
                {
                    throw new JsonException("The body is JSON null.");
                }

                // A refusal inside a success answer (an upload's, or a balance read's, "success": false).
                if (dto is UploadResponseDto { Success: false } or BalanceResponseDto { Success: false })
                {
                    throw ApiErrorMapper.FromErrorResponse(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), _apiKey, _time);
                }

                // A proxy or cache that mixes up answers must not hand one task's state to another task's wait.
                if (call.ExpectedTask is { } asked && dto is TaskDto task && task.Id != asked && task.ClientBusinessId != asked)
                {
                    throw new JsonException($"The answer is about another task ({ResponseBody.Redact(task.Id, _apiKey)}) than the one asked for.");
                }

                return map(dto);
            }
            catch (JsonException ex)
            {
                throw ApiErrorMapper.FromUnreadableBody(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false), _apiKey, ex);
            }
        }

        /// <summary>What one API call sends on every attempt: the pipeline's state, so no closure is made per call.</summary>
        private readonly struct ApiRequest
        {
            /// <param name="owner">The transport (its client and API key).</param>
            /// <param name="operation">The operation's entry in the table.</param>
            /// <param name="address">The absolute address.</param>
            /// <param name="body">The JSON bytes, or a factory of the body for each attempt, or null for none.</param>
            /// <param name="submit">For a submit: the record of its attempts (the body is then the JSON bytes).</param>
            /// <param name="expectedTask">For a task read: the id (or business id) the answer must be about.</param>
            /// <param name="permit">A permit acquired for the first attempt (a scheduled status read's), or null.</param>
            public ApiRequest(
                KlingHttpTransport owner,
                ApiOperation operation,
                Uri address,
                object? body = null,
                SubmitAttempts? submit = null,
                string? expectedTask = null,
                PermitInHand? permit = null)
            {
                Owner = owner;
                Operation = operation;
                Address = address;
                Body = body;
                Submit = submit;
                ExpectedTask = expectedTask;
                Permit = permit;
            }

            public KlingHttpTransport Owner { get; }

            public ApiOperation Operation { get; }

            public Uri Address { get; }

            public object? Body { get; }

            public SubmitAttempts? Submit { get; }

            public string? ExpectedTask { get; }

            /// <summary>Gets the permit already acquired for the first attempt, or null.</summary>
            public PermitInHand? Permit { get; }

            /// <summary>Makes the body for one attempt.</summary>
            public HttpContent? CreateContent()
            {
                switch (Body)
                {
                    case byte[] json:
                        var content = new ByteArrayContent(json);
                        content.Headers.ContentType = JsonContentType;
                        return content;
                    case Func<HttpContent> create:
                        return create();
                    default:
                        return null;
                }
            }
        }
    }
}
