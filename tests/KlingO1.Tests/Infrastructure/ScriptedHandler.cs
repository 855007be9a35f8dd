using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>A request as <see cref="ScriptedHandler"/> received it.</summary>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Uri">The address.</param>
    /// <param name="Body">The body, read in full before the answer (empty when the handler leaves bodies to its steps).</param>
    /// <param name="Authorization">The <c>Authorization</c> header, or null.</param>
    /// <param name="At">When it arrived, by the handler's clock.</param>
    /// <param name="Number">Its place among all requests the handler received, from 1.</param>
    /// <param name="NumberOnRoute">Its place among the requests of its method and path, from 1 (the n-th read of one task).</param>
    /// <param name="Message">The request itself, for a step that reads its headers or streams its body.</param>
    internal sealed record ScriptedRequest(string Method, Uri Uri, byte[] Body, string? Authorization, DateTimeOffset At, int Number, int NumberOnRoute, HttpRequestMessage Message)
    {
        public string Path => Uri.AbsolutePath;

        public string BodyText => Encoding.UTF8.GetString(Body);

        /// <summary>Gets the last segment of the path: the task id (or business id) of a status read.</summary>
        public string LastSegment => Path.Substring(Path.LastIndexOf('/') + 1);
    }

    /// <summary>
    /// The tests' one scripted back end in memory, for what the simulator does not stage: exact answers per request (a
    /// body cut short, an exception of a given type, a hang a fake clock's timeout must end, a header of a given value),
    /// and answers gated by the test. Each route answers with a script of steps (the last one repeats), anything else
    /// with <see cref="Fallback"/>; every request is recorded, stamped by the clock, and a test can wait for the next one.
    /// </summary>
    /// <remarks>
    /// A behaviour a real service shows (tasks running, faults for the next N requests, rate limits, lost submit answers)
    /// belongs on the simulator (<c>KlingSimulator.CreateInMemory</c>); a contract over HTTP on WireMock
    /// (<see cref="KlingServerFixture"/>); bytes on the wire on <see cref="RawHttpServer"/>.
    /// </remarks>
    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        public const string Api = "https://api.kling.test";
        public const string Generations = "/v1/videos/generations";
        public const string Uploads = "/v1/uploads/images";

        // Guards a test against hanging if an expected request never comes; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly Dictionary<string, Queue<Step>> _scripts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Step> _last = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _perRoute = new(StringComparer.Ordinal);
        private readonly List<ScriptedRequest> _received = new();
        private readonly Channel<ScriptedRequest> _arrivals = Channel.CreateUnbounded<ScriptedRequest>();

        /// <summary>Creates a handler with no script yet: every request is answered by <see cref="Fallback"/> (a 404) until one is set.</summary>
        /// <param name="clock">The clock requests are stamped by (<see cref="ScriptedRequest.At"/>); the system clock by default.</param>
        public ScriptedHandler(TimeProvider? clock = null) => Clock = clock ?? TimeProvider.System;

        /// <summary>
        /// Creates a handler that answers every request with <paramref name="respond"/>, which gets the request as sent:
        /// its body is left unread (bodies are not recorded), for an answer that streams or counts it.
        /// </summary>
        public ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
        {
            Clock = TimeProvider.System;
            ReadsBodies = false;
            Fallback = (request, _) => Task.FromResult(respond(request.Message));
        }

        public delegate Task<HttpResponseMessage> Step(ScriptedRequest request, CancellationToken cancellationToken);

        public TimeProvider Clock { get; }

        /// <summary>
        /// Gets a value indicating whether each request's body is read in full, into <see cref="ScriptedRequest.Body"/>,
        /// before its step runs; when not, a step reads it from <see cref="ScriptedRequest.Message"/> if it wants it.
        /// </summary>
        public bool ReadsBodies { get; init; } = true;

        public IReadOnlyList<ScriptedRequest> Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToArray();
                }
            }
        }

        public int Posts => Count("POST", Generations);

        /// <summary>Gets or sets the step for a request no script covers (by default a 404).</summary>
        public Step? Fallback { get; set; }

        public int Count(string method, string? path = null)
            => Received.Count(r => r.Method == method && (path is null || r.Path == path));

        /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with the steps in order; the last one repeats.</summary>
        public ScriptedHandler On(string method, string path, params Step[] steps)
        {
            lock (_scripts)
            {
                _scripts[method + " " + path] = new Queue<Step>(steps);
            }

            return this;
        }

        public ScriptedHandler OnSubmit(params Step[] steps) => On("POST", Generations, steps);

        public ScriptedHandler OnRead(string idOrBusinessId, params Step[] steps) => On("GET", Generations + "/" + idOrBusinessId, steps);

        /// <summary>Waits until the next request arrives (each arrival is counted once), and returns it.</summary>
        public async Task<ScriptedRequest> NextArrivalAsync()
        {
            using var guard = new CancellationTokenSource(HangGuard);
            try
            {
                return await _arrivals.Reader.ReadAsync(guard.Token);
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                throw new TimeoutException("The expected request never arrived.");
            }
        }

        /// <summary>A 200 answer with the given body stream and, optionally, a declared length.</summary>
        public static HttpResponseMessage Body(Stream body, long? declaredLength)
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = declaredLength;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = !ReadsBodies || request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var method = request.Method.Method;
            var key = method + " " + request.RequestUri!.AbsolutePath;
            ScriptedRequest received;
            lock (_received)
            {
                var onRoute = _perRoute[key] = _perRoute.GetValueOrDefault(key) + 1;
                received = new ScriptedRequest(method, request.RequestUri, body, request.Headers.Authorization?.ToString(), Clock.GetUtcNow(), _received.Count + 1, onRoute, request);
                _received.Add(received);
            }

            Step step;
            lock (_scripts)
            {
                if (_scripts.TryGetValue(key, out var queue) && queue.Count > 0)
                {
                    step = queue.Dequeue();
                    _last[key] = step;
                }
                else if (!_last.TryGetValue(key, out step!))
                {
                    step = Fallback ?? Respond.Status(404, "{\"error\":{\"code\":404,\"message\":\"No route in the test script\"}}");
                }
            }

            _arrivals.Writer.TryWrite(received);
            var response = await step(received, cancellationToken);
            response.RequestMessage ??= request;
            return response;
        }
    }

    /// <summary>
    /// A body of <c>length</c> generated bytes that allocates nothing per read, optionally failing after
    /// <c>failAfter</c> bytes as a dropped connection would.
    /// </summary>
    internal sealed class SyntheticBody : AsyncReadOnlyBody
    {
        private readonly long _length;
        private readonly long _failAfter;
        private long _position;

        public SyntheticBody(long length, long failAfter = long.MaxValue)
        {
            _length = length;
            _failAfter = failAfter;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= _failAfter)
            {
                throw new IOException("The connection was reset (simulated).");
            }

            var n = (int)Math.Min(Math.Min(buffer.Length, _length - _position), _failAfter - _position);
            buffer.Slice(0, n).Fill((byte)(_position & 0xFF));
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));
    }

    /// <summary>A destination that only counts what is written to it.</summary>
    internal sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
