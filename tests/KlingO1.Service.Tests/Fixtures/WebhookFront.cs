using System.Collections.Concurrent;
using System.Net;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// The fleet's public webhook address, as a load balancer would be: each delivery from the simulator is passed to a
    /// live instance (round robin; an exited or unreachable one is skipped for the next), and its answer is passed
    /// back, so the simulator redelivers what no instance accepted. It counts what it passed on.
    /// </summary>
    /// <remarks>
    /// It is the simulator's webhook handler (<c>SimulatorWebhookOptions.Handler</c>) rather than a listening server:
    /// the SDK, like the service, refuses a <c>callback_url</c> that is not https on a public-looking host, so the
    /// front's address is <see cref="Url"/>, a name under .test that is never resolved, and the handler forwards each
    /// delivery over loopback HTTP to an instance. Nothing leaves the machine.
    /// </remarks>
    internal sealed class WebhookFront : HttpMessageHandler
    {
        private static readonly string[] WebhookHeaders =
            { KlingWebhookVerifier.IdHeader, KlingWebhookVerifier.TimestampHeader, KlingWebhookVerifier.SignatureHeader };

        // Below the simulator's delivery timeout (ServiceScene sets 20 s): a stuck instance is left for the next in time.
        private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(8) };
        private readonly List<ServiceProcess> _instances = new();
        private readonly ConcurrentDictionary<string, int> _acceptedPerEvent = new();
        private int _received;
        private int _accepted;
        private int _refused;
        private int _unreachable;
        private int _next;

        /// <summary>Gets the address the simulator posts to and the services send as their <c>callback_url</c>.</summary>
        public Uri Url { get; } = new("https://webhooks.fleet-front.test/webhooks/kling");

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

        /// <summary>Adds an instance to pass deliveries to (once it is healthy).</summary>
        public void Add(ServiceProcess instance)
        {
            lock (_instances)
            {
                _instances.Add(instance);
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage delivery, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _received);
            var body = delivery.Content is null ? Array.Empty<byte>() : await delivery.Content.ReadAsByteArrayAsync(cancellationToken);
            var eventId = delivery.Headers.TryGetValues(KlingWebhookVerifier.IdHeader, out var ids) ? ids.First() : string.Empty;

            foreach (var instance in LiveInstancesInTurn())
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.BaseAddress, delivery.RequestUri!.PathAndQuery.TrimStart('/')));
                request.Content = new ByteArrayContent(body);
                if (delivery.Content?.Headers.ContentType is { } contentType)
                {
                    request.Content.Headers.ContentType = contentType;
                }

                foreach (var header in WebhookHeaders)
                {
                    if (delivery.Headers.TryGetValues(header, out var values))
                    {
                        request.Headers.TryAddWithoutValidation(header, values);
                    }
                }

                HttpStatusCode status;
                try
                {
                    using var response = await _http.SendAsync(request, cancellationToken);
                    status = response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // Killed (connection refused or reset) or stuck: the next live instance gets the delivery.
                    Interlocked.Increment(ref _unreachable);
                    continue;
                }

                if ((int)status is >= 200 and <= 299)
                {
                    Interlocked.Increment(ref _accepted);
                    _acceptedPerEvent.AddOrUpdate(eventId, 1, (_, count) => count + 1);
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                }

                return new HttpResponseMessage(status) { RequestMessage = delivery };
            }

            // No instance could take it: the simulator redelivers later, as the service does.
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = delivery };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _http.Dispose();
            }

            base.Dispose(disposing);
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
