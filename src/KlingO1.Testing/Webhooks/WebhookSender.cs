using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// Posts one delivery as the service does: the event's body, <c>User-Agent: ToAPIs-Webhook/1.0</c>, the id, timestamp
    /// and signature headers; redirects are not followed and the answer must come within the timeout.
    /// </summary>
    internal sealed class WebhookSender : IDisposable
    {
        private const string UserAgent = "ToAPIs-Webhook/1.0";

        private readonly HttpClient _http;
        private readonly TimeSpan _timeout;
        private readonly TimeProvider _time;
        private readonly WebhookSecrets _secrets;

        public WebhookSender(SimulatorWebhookOptions options, TimeProvider time, WebhookSecrets secrets)
        {
            // A handler of the caller's stays the caller's; the simulator's own one is direct (a proxy from the
            // environment has no business between a local simulator and its receiver) and, like the service, does not
            // follow redirects: a 3xx is a failed delivery.
            _http = options.Handler is { } handler
                ? new HttpClient(handler, disposeHandler: false)
                : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false });
            _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
            _timeout = options.Timeout;
            _time = time;
            _secrets = secrets;
        }

        /// <summary>Sends <paramref name="webhookEvent"/> once and returns the record of it.</summary>
        /// <exception cref="OperationCanceledException"><paramref name="stopping"/> was cancelled (the simulator is stopping).</exception>
        public async Task<SimulatorWebhookDelivery> SendAsync(SimulatorWebhookEvent webhookEvent, int attempt, bool wrongSignature, CancellationToken stopping)
        {
            var at = _time.GetUtcNow();
            var body = webhookEvent.BodyBytes;
            var signature = _secrets.SignatureHeader(webhookEvent.Id, at, body, wrongSignature);
            var delivery = new SimulatorWebhookDelivery(webhookEvent, attempt, at, signature) { WrongSignature = wrongSignature };

            using var request = new HttpRequestMessage(HttpMethod.Post, webhookEvent.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            request.Headers.TryAddWithoutValidation(KlingWebhookVerifier.IdHeader, webhookEvent.Id);
            request.Headers.TryAddWithoutValidation(KlingWebhookVerifier.TimestampHeader, WebhookSecrets.Timestamp(at));
            request.Headers.TryAddWithoutValidation(KlingWebhookVerifier.SignatureHeader, signature);

            // On the simulator's clock, as every wait of the library, but not divided by the time scale: it measures the
            // receiver, which answers at its own pace. A fake clock makes it pass only when a test advances it.
            using var timeout = new CancellationTokenSource(_timeout, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, either.Token).ConfigureAwait(false);
                delivery.StatusCode = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                delivery.Error = $"No answer within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.";
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                // A refused connection, a reset, or whatever a caller's handler throws: the service sees a failed delivery.
                delivery.Error = ex.GetType().Name + ": " + ex.Message;
            }

            return delivery;
        }

        public void Dispose() => _http.Dispose();
    }
}
