using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// The fleet's public webhook address, in the test process, as a load balancer would be: each delivery from the
    /// simulator is passed to a live instance (round robin; an exited or unreachable one is skipped for the next), and its
    /// answer is passed back, so the simulator redelivers what no instance accepted. It counts what it passed on.
    /// </summary>
    internal sealed class WebhookFront : IAsyncDisposable
    {
        private static readonly string[] WebhookHeaders =
            { KlingWebhookVerifier.IdHeader, KlingWebhookVerifier.TimestampHeader, KlingWebhookVerifier.SignatureHeader };

        private readonly WebApplication _app;

        // Below the simulator's delivery timeout (ServiceScene sets 20 s): a stuck instance is left for the next in time.
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(8) };
        private readonly List<ServiceProcess> _instances = new();
        private readonly ConcurrentDictionary<string, int> _acceptedPerEvent = new();
        private int _received;
        private int _accepted;
        private int _refused;
        private int _unreachable;
        private int _next;

        private WebhookFront(WebApplication app)
        {
            _app = app;
        }

        /// <summary>Gets the address the simulator posts to and the services send as their <c>callback_url</c>.</summary>
        public Uri Url { get; private set; } = null!;

        /// <summary>Gets the deliveries the front received from the simulator.</summary>
        public int Received => _received;

        /// <summary>Gets the deliveries an instance answered with 2xx.</summary>
        public int Accepted => _accepted;

        /// <summary>Gets the deliveries an instance answered with another status (the simulator retries them).</summary>
        public int Refused => _refused;

        /// <summary>Gets the attempts that found an instance dead or stuck, and went on to the next.</summary>
        public int Unreachable => _unreachable;

        /// <summary>Gets, for each event id, how many deliveries of it an instance answered with 2xx.</summary>
        public IReadOnlyDictionary<string, int> AcceptedPerEvent => _acceptedPerEvent;

        public static async Task<WebhookFront> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var front = new WebhookFront(app);
            app.MapPost("/{**path}", front.ForwardAsync);
            await app.StartAsync();
            front.Url = new Uri(new Uri(app.Urls.Single()), "webhooks/kling");
            return front;
        }

        /// <summary>Adds an instance to pass deliveries to (once it is healthy).</summary>
        public void Add(ServiceProcess instance)
        {
            lock (_instances)
            {
                _instances.Add(instance);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _http.Dispose();
        }

        private async Task ForwardAsync(HttpContext context)
        {
            Interlocked.Increment(ref _received);
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var body = buffer.ToArray();
            var eventId = context.Request.Headers[KlingWebhookVerifier.IdHeader].ToString();

            foreach (var instance in LiveInstancesInTurn())
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.BaseAddress, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString));
                request.Content = new ByteArrayContent(body);
                if (context.Request.ContentType is { } contentType)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }

                foreach (var header in WebhookHeaders)
                {
                    request.Headers.TryAddWithoutValidation(header, context.Request.Headers[header].ToArray());
                }

                int status;
                try
                {
                    using var response = await _http.SendAsync(request, context.RequestAborted);
                    status = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !context.RequestAborted.IsCancellationRequested))
                {
                    // Killed (connection refused or reset) or stuck: the next live instance gets the delivery.
                    Interlocked.Increment(ref _unreachable);
                    continue;
                }

                if (status is >= 200 and <= 299)
                {
                    Interlocked.Increment(ref _accepted);
                    _acceptedPerEvent.AddOrUpdate(eventId, 1, (_, count) => count + 1);
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                }

                context.Response.StatusCode = status;
                return;
            }

            // No instance could take it: the simulator redelivers later, as the service does.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }

        private List<ServiceProcess> LiveInstancesInTurn()
        {
            lock (_instances)
            {
                var live = _instances.Where(instance => !instance.HasExited).ToList();
                if (live.Count == 0)
                {
                    return live;
                }

                var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)live.Count);
                return live.Skip(first).Concat(live.Take(first)).ToList();
            }
        }
    }
}
