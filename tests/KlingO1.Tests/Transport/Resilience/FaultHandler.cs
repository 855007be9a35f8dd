using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>A request as the in-memory service received it.</summary>
    internal sealed record ReceivedRequest(string Method, Uri Uri, byte[] Body, string? Authorization)
    {
        public string Path => Uri.AbsolutePath;

        public string BodyText => Encoding.UTF8.GetString(Body);
    }

    /// <summary>
    /// An in-memory service for faults a real server cannot stage on demand: each route answers with a script of
    /// steps (the last one repeats), every request is recorded with its body, and a test can wait for the next arrival.
    /// </summary>
    internal sealed class FaultHandler : HttpMessageHandler
    {
        public const string Api = "https://api.kling.test";
        public const string Generations = "/v1/videos/generations";
        public const string Uploads = "/v1/uploads/images";

        // Guards a test against hanging if an expected request never comes; never reached when green.
        private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
        private readonly Dictionary<string, Queue<Step>> _scripts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Step> _last = new(StringComparer.Ordinal);
        private readonly List<ReceivedRequest> _received = new();
        private readonly SemaphoreSlim _arrivals = new(0);

        public delegate Task<HttpResponseMessage> Step(ReceivedRequest request, CancellationToken cancellationToken);

        public IReadOnlyList<ReceivedRequest> Received
        {
            get
            {
                lock (_received)
                {
                    return _received.ToArray();
                }
            }
        }

        public int Count(string method, string? path = null)
            => Received.Count(r => r.Method == method && (path is null || r.Path == path));

        public int Posts => Count("POST", Generations);

        /// <summary>Gets or sets the step for a request no script covers (by default a 404).</summary>
        public Step? Fallback { get; set; }

        /// <summary>Answers <paramref name="method"/> <paramref name="path"/> with the steps in order; the last one repeats.</summary>
        public FaultHandler On(string method, string path, params Step[] steps)
        {
            lock (_scripts)
            {
                _scripts[method + " " + path] = new Queue<Step>(steps);
            }

            return this;
        }

        public FaultHandler OnSubmit(params Step[] steps) => On("POST", Generations, steps);

        public FaultHandler OnRead(string idOrBusinessId, params Step[] steps) => On("GET", Generations + "/" + idOrBusinessId, steps);

        /// <summary>Waits until the next request arrives (each arrival is counted once).</summary>
        public async Task NextArrivalAsync()
        {
            if (!await _arrivals.WaitAsync(HangGuard))
            {
                throw new TimeoutException("The expected request never arrived.");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _arrivals.Dispose();
            }

            base.Dispose(disposing);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var received = new ReceivedRequest(request.Method.Method, request.RequestUri!, body, request.Headers.Authorization?.ToString());
            lock (_received)
            {
                _received.Add(received);
            }

            Step step;
            lock (_scripts)
            {
                var key = received.Method + " " + received.Path;
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

            _arrivals.Release();
            var response = await step(received, cancellationToken);
            response.RequestMessage = request;
            return response;
        }
    }

    /// <summary>Steps for <see cref="FaultHandler"/> scripts, and the bodies they answer with.</summary>
    internal static class Respond
    {
        public static FaultHandler.Step Status(int status, string body, string? retryAfter = null, bool mediaTypeHtml = false)
            => (_, _) => System.Threading.Tasks.Task.FromResult(Message(status, body, retryAfter, mediaTypeHtml ? "text/html" : "application/json"));

        /// <summary>An answer that carries the given headers (rate-limit headers, say).</summary>
        public static FaultHandler.Step WithHeaders(int status, string body, params (string Name, string Value)[] headers)
            => (_, _) =>
            {
                var response = Message(status, body);
                foreach (var (name, value) in headers)
                {
                    response.Headers.TryAddWithoutValidation(name, value);
                }

                return System.Threading.Tasks.Task.FromResult(response);
            };

        public static FaultHandler.Step Task(string id, string status, int progress = 0, string? businessId = null)
            => Status(200, TaskJson(id, status, progress, businessId));

        public static FaultHandler.Step Completed(string id) => Status(200, CompletedJson(id));

        public static FaultHandler.Step Error(int status, string code = "internal_error", string? retryAfter = null)
            => Status(status, ErrorJson(code), retryAfter);

        public static FaultHandler.Step Throw(Exception exception)
            => (_, _) => System.Threading.Tasks.Task.FromException<HttpResponseMessage>(exception);

        /// <summary>Never answers: the attempt ends only when its token is cancelled (by a timeout on the fake clock).</summary>
        public static FaultHandler.Step Hang()
            => async (_, token) =>
            {
                await System.Threading.Tasks.Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            };

        /// <summary>A 200 whose body breaks off after <paramref name="sentBytes"/> bytes, as a dropped connection does.</summary>
        public static FaultHandler.Step BodyBreaksOff(long sentBytes)
            => (_, _) => System.Threading.Tasks.Task.FromResult(ScriptedHandler.Body(new SyntheticBody(10_000, sentBytes), 10_000));

        public static FaultHandler.Step Bytes(byte[] content, int status = 200)
            => (_, _) => System.Threading.Tasks.Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(content) });

        public static HttpResponseMessage Message(int status, string body, string? retryAfter = null, string mediaType = "application/json")
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
            if (retryAfter is not null)
            {
                response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
            }

            return response;
        }

        public static string TaskJson(string id, string status, int progress = 0, string? businessId = null)
            => $"{{\"id\":\"{id}\",\"object\":\"generation.task\",\"model\":\"kling-video-o1\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":1768380222"
                + (businessId is null ? string.Empty : $",\"client_business_id\":\"{businessId}\"") + "}";

        public static string CompletedJson(string id)
            => $"{{\"id\":\"{id}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380222,\"completed_at\":1768380514,\"expires_at\":1768466914,"
                + $"\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.kling.test/{id}.mp4\",\"format\":\"mp4\"}}]}}}}";

        public static string FailedJson(string id)
            => $"{{\"id\":\"{id}\",\"status\":\"failed\",\"progress\":0,\"created_at\":1768380222,"
                + "\"error\":{\"code\":\"generation_failed\",\"message\":\"Generation failed: Content violates the content policy\"}}";

        public static string ErrorJson(string code, string message = "Something went wrong")
            => $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"{message}\"}}}}";
    }
}
