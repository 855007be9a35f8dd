using System;
using System.IO;
using System.Text;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Webhooks
{
    /// <summary>Every documented webhook event (Payloads/Documented/task-webhooks.*), signed here, verified, every field asserted.</summary>
    public sealed class DocumentedWebhookEventTests
    {
        private const string Secret = "whsec_documented";
        private const long SentAt = 1783953302;

        [Fact]
        public void CompletedImageTask_En_IsReadButCarriesNoVideoTask()
        {
            var evt = Verify("task-webhooks.en.generation-completed.webhook.json");

            Assert.Equal("evt_01abcdef", evt.Id);
            Assert.Equal(KlingWebhookEvent.CompletedType, evt.Type);
            Assert.Equal("v1", evt.ApiVersion);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(SentAt), evt.CreatedAt);
            Assert.False(evt.IsTest);
            Assert.Equal("tsk_01abcdef", evt.TaskId);
            Assert.Equal("order_123", evt.ClientBusinessId);
            Assert.Equal("image", evt.TaskType);
            Assert.Equal("model-name", evt.Model);
            Assert.Equal("SUCCESS", evt.Status);
            Assert.Equal(100, evt.Progress);
            Assert.Equal("image", evt.Result!.Type);
            var output = Assert.Single(evt.Result.Outputs);
            Assert.Equal(new Uri("https://cdn.example/result.png"), output.Url);
            Assert.Null(output.Format);
            Assert.Null(evt.Result.Message);
            Assert.Null(evt.Error);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953000), evt.SubmittedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300), evt.FinishedAt);

            // The bug: an image task read as a completed VideoTask whose VideoUrl is a PNG.
            Assert.Null(evt.Task);
        }

        [Fact]
        public void CompletedVideoTask_ZhHant_CarriesTheCompletedVideoTask()
        {
            var evt = Verify("task-webhooks.zh-Hant.generation-completed-video.webhook.json");

            Assert.Equal("evt_xxx", evt.Id);
            Assert.Equal(KlingWebhookEvent.CompletedType, evt.Type);
            Assert.Equal("v1", evt.ApiVersion);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(SentAt), evt.CreatedAt);
            Assert.False(evt.IsTest);
            Assert.Equal("tsk_xxx", evt.TaskId);
            Assert.Equal("order_123", evt.ClientBusinessId);
            Assert.Equal("video", evt.TaskType);
            Assert.Equal("model-name", evt.Model);
            Assert.Equal("SUCCESS", evt.Status);
            Assert.Equal(100, evt.Progress);
            Assert.Equal("video", evt.Result!.Type);
            var output = Assert.Single(evt.Result.Outputs);
            Assert.Equal(new Uri("https://cdn.example/result.mp4"), output.Url);
            Assert.Equal("mp4", output.Format);
            Assert.Null(evt.Error);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953000), evt.SubmittedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300), evt.FinishedAt);

            var task = evt.Task!;
            Assert.Equal("tsk_xxx", task.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(100, task.Progress);
            Assert.Equal("model-name", task.Model);
            Assert.Equal("order_123", task.ClientBusinessId);
            Assert.Equal(new Uri("https://cdn.example/result.mp4"), task.VideoUrl);
            Assert.Equal("video", task.ResultType);
            Assert.Equal("mp4", task.VideoFormat);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953000), task.CreatedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300), task.CompletedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300 + 86_400), task.ExpiresAt);
            Assert.Null(task.Error);
        }

        [Fact]
        public void FailedVideoTask_KeepsFinishedAtAndCarriesTheFailedTask()
        {
            var evt = Verify("task-webhooks.en.generation-failed.webhook.json");

            Assert.Equal("evt_01failure", evt.Id);
            Assert.Equal(KlingWebhookEvent.FailedType, evt.Type);
            Assert.Equal("v1", evt.ApiVersion);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(SentAt), evt.CreatedAt);
            Assert.False(evt.IsTest);
            Assert.Equal("tsk_01failure", evt.TaskId);
            Assert.Equal("order_456", evt.ClientBusinessId);
            Assert.Equal("video", evt.TaskType);
            Assert.Equal("model-name", evt.Model);
            Assert.Equal("FAILURE", evt.Status);
            Assert.Equal(100, evt.Progress);
            Assert.Null(evt.Result);
            Assert.Equal("generation_failed", evt.Error!.Code);
            Assert.Equal("Generation failed after retries", evt.Error.Message);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953000), evt.SubmittedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1783953300), evt.FinishedAt);

            var task = evt.Task!;
            Assert.Equal("tsk_01failure", task.Id);
            Assert.Equal(VideoTaskStatus.Failed, task.Status);
            Assert.Equal("generation_failed", task.Error!.Code);
            Assert.Equal("Generation failed after retries", task.Error.Message);
            Assert.Equal("order_456", task.ClientBusinessId);
            Assert.Null(task.VideoUrl);
            Assert.Null(task.CompletedAt);
        }

        [Fact]
        public void EndpointTest_IsATestWithNoTaskAndNo1970Times()
        {
            var evt = Verify("task-webhooks.en.endpoint-test.webhook.json");

            Assert.Equal("evt_01test", evt.Id);
            Assert.Equal(KlingWebhookEvent.TestType, evt.Type);
            Assert.True(evt.IsTest);
            Assert.Equal("v1", evt.ApiVersion);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(SentAt), evt.CreatedAt);
            Assert.Equal("endpoint_test", evt.TaskId);
            Assert.Equal("image", evt.TaskType);
            Assert.Equal("SUCCESS", evt.Status);
            Assert.Equal(100, evt.Progress);
            Assert.Null(evt.ClientBusinessId);
            Assert.Null(evt.Model);
            Assert.Equal("ToAPIs webhook endpoint test", evt.Result!.Message);
            Assert.Null(evt.Result.Type);
            Assert.Empty(evt.Result.Outputs);
            Assert.Null(evt.Error);
            Assert.Null(evt.SubmittedAt);
            Assert.Null(evt.FinishedAt);
            Assert.Null(evt.Task);
        }

        [Theory]
        [InlineData("\"task_type\": \"image\"", "\"task_type\": \"video\"")]
        [InlineData("\"type\": \"endpoint.test\"", "\"type\": \"generation.completed\"")]
        public void EndpointTest_EvenTypedVideo_CarriesNoTaskUnlessItIsAFinalEvent(string field, string replacement)
        {
            // Typed video, the test event is still a test; typed as a final event, it is still an image task.
            var evt = VerifyBody(Encoding.UTF8.GetBytes(Read("task-webhooks.en.endpoint-test.webhook.json").Replace(field, replacement, StringComparison.Ordinal)));

            Assert.Null(evt.Task);
        }

        [Theory]
        [InlineData("\"type\": \"video\"", true)]
        [InlineData("\"type\": \"image\"", false)]
        public void CompletedWithoutTaskType_CarriesATaskOnlyForAVideoResult(string resultType, bool carries)
        {
            var text = Read("task-webhooks.en.generation-completed.webhook.json")
                .Replace("\"task_type\": \"image\",", "", StringComparison.Ordinal)
                .Replace("\"type\": \"image\"", resultType, StringComparison.Ordinal);

            var evt = VerifyBody(Encoding.UTF8.GetBytes(text));

            Assert.Null(evt.TaskType);
            Assert.Equal(carries, evt.Task is not null);
        }

        [Fact]
        public void FailedWithoutTaskType_CarriesTheFailedTask_SoAVideosFailureIsNotLost()
        {
            var text = Read("task-webhooks.en.generation-failed.webhook.json").Replace("\"task_type\": \"video\",", "", StringComparison.Ordinal);

            var evt = VerifyBody(Encoding.UTF8.GetBytes(text));

            Assert.Null(evt.TaskType);
            Assert.Equal(VideoTaskStatus.Failed, evt.Task!.Status);
            Assert.Equal("generation_failed", evt.Task.Error!.Code);
        }

        [Theory]
        [InlineData("\"task_type\": \"image\"", "\"task_type\": \"Video\"", "\"status\": \"SUCCESS\"", "\"status\": \"SUCCESS\"")]          // result still typed image
        [InlineData("\"task_type\": \"image\"", "\"task_type\": \"video\"", "\"status\": \"SUCCESS\"", "\"status\": \"FAILURE\"")]          // a completion that failed
        public void SelfContradictoryEvent_CarriesNoTask(string taskType, string claimed, string status, string claimedStatus)
        {
            var text = Read("task-webhooks.en.generation-completed.webhook.json").Replace(taskType, claimed, StringComparison.Ordinal).Replace(status, claimedStatus, StringComparison.Ordinal);

            Assert.Null(VerifyBody(Encoding.UTF8.GetBytes(text)).Task);
        }

        [Fact]
        public void EventTypeInCapitals_IsStillAVideoTasksCompletion()
        {
            var text = Read("task-webhooks.zh-Hant.generation-completed-video.webhook.json").Replace("generation.completed", "GENERATION.COMPLETED", StringComparison.Ordinal);

            Assert.Equal(VideoTaskStatus.Completed, VerifyBody(Encoding.UTF8.GetBytes(text)).Task!.Status);
        }

        private static string Read(string file) => Payloads.Read(Path.Combine("Documented", file));

        private static KlingWebhookEvent Verify(string file) => VerifyBody(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "Documented", file)));

        private static KlingWebhookEvent VerifyBody(byte[] body)
        {
            var id = System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<string>();
            var timestamp = SentAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var verifier = new KlingWebhookVerifier(Secret, timeProvider: new ManualClock(DateTimeOffset.FromUnixTimeSeconds(SentAt + 5)));
            return verifier.Verify(id, timestamp, KlingWebhookSigner.Sign(Secret, id, timestamp, body), body);
        }
    }
}
