using System.Globalization;
using System.Net;
using System.Text;
using KlingO1.Service.Tests.Fixtures;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Surface
{
    /// <summary>
    /// A verified event for a task no job of this service has is not swallowed: it is answered non-2xx (the contract
    /// says 404), so the service redelivers it, and it creates no job. A delivery that fails verification is refused.
    /// </summary>
    [Collection(SurfaceCollection.Name)]
    public sealed class UnknownWebhookTests
    {
        private readonly SurfaceService _fixture;
        private readonly ITestOutputHelper _output;

        public UnknownWebhookTests(SurfaceService fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        [Fact]
        public Task SignedEvent_ForATaskNoJobHas_IsAnswered404AndCreatesNoJob()
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                var (eventId, body) = CompletedEvent("tsk_no_such_job_" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
                using var response = await DeliverAsync(eventId, body, _fixture.Scene.WebhookSecret!);

                Assert.False(response.IsSuccessStatusCode, $"an event for an unknown task was answered {(int)response.StatusCode}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(await _fixture.Service.Api.ListJobsAsync(), job => job.TaskId is not null && job.TaskId.StartsWith("tsk_no_such_job_", StringComparison.Ordinal));
            });

        [Fact]
        public Task Event_SignedWithAnotherSecret_IsRefused()
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                var (eventId, body) = CompletedEvent("tsk_forged_" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
                using var response = await DeliverAsync(eventId, body, "whsec_someone_else");
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            });

        private static (string EventId, byte[] Body) CompletedEvent(string taskId, string businessId)
        {
            // The documented generation.completed body (Payloads/Documented in KlingO1.Tests), for a video task.
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var eventId = "evt_" + Guid.NewGuid().ToString("N");
            var json = string.Create(CultureInfo.InvariantCulture, $$$"""
                {"id":"{{{eventId}}}","type":"generation.completed","api_version":"v1","created_at":{{{now}}},
                 "data":{"task_id":"{{{taskId}}}","client_business_id":"{{{businessId}}}","task_type":"video","model":"kling-video-o1",
                 "status":"SUCCESS","progress":"100%","result":{"type":"video","data":[{"url":"http://127.0.0.1:9/none.mp4","format":"mp4"}]},
                 "error":null,"submitted_at":{{{now - 60}}},"finished_at":{{{now}}}}}
                """);
            return (eventId, Encoding.UTF8.GetBytes(json));
        }

        private async Task<HttpResponseMessage> DeliverAsync(string eventId, byte[] body, string secret)
        {
            var timestamp = DateTimeOffset.UtcNow;
            using var http = new HttpClient { BaseAddress = _fixture.Service.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/kling") { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.Add(KlingWebhookVerifier.IdHeader, eventId);
            request.Headers.Add(KlingWebhookVerifier.TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(KlingWebhookVerifier.SignatureHeader, KlingWebhookSigner.Sign(secret, eventId, timestamp, body));
            return await http.SendAsync(request);
        }
    }
}
