using System;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Tests.Samples
{
    /// <summary>A task's <c>generation.completed</c> event as ToAPIs posts it, signed with a given secret, with its video on the simulator's file host.</summary>
    internal sealed class SignedWebhook
    {
        private readonly string _eventId = "evt_" + Guid.NewGuid().ToString("N");
        private readonly string _timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        private readonly string _body;

        public SignedWebhook(KlingSimulator simulator, string taskId, string businessId)
        {
            var video = new Uri(simulator.BaseAddress, "files/videos/" + taskId + "/output.mp4");
            _body = $"{{\"id\":\"{_eventId}\",\"type\":\"generation.completed\",\"api_version\":\"v1\",\"created_at\":{_timestamp},\"data\":{{\"task_id\":\"{taskId}\","
                + $"\"client_business_id\":\"{businessId}\",\"task_type\":\"video\",\"model\":\"kling-video-o1\",\"status\":\"SUCCESS\",\"progress\":\"100%\","
                + $"\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"{video}\"}}]}},\"error\":null,\"submitted_at\":{_timestamp},\"finished_at\":{_timestamp}}}}}";
        }

        /// <summary>Posts the event (the same id and body every time: a redelivery) signed with <paramref name="secret"/>.</summary>
        public Task<HttpResponseMessage> PostAsync(WebApiService service, string secret)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/kling") { Content = new StringContent(_body, Encoding.UTF8, "application/json") };
            request.Headers.Add(KlingWebhookVerifier.IdHeader, _eventId);
            request.Headers.Add(KlingWebhookVerifier.TimestampHeader, _timestamp);
            request.Headers.Add(KlingWebhookVerifier.SignatureHeader, KlingWebhookSigner.Sign(secret, _eventId, _timestamp, Encoding.UTF8.GetBytes(_body)));
            return service.Anonymous.SendAsync(request);
        }
    }
}
