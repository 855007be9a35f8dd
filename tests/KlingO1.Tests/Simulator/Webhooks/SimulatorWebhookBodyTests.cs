using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>The bodies the simulator sends, against the webhooks page's examples (Payloads/Documented/task-webhooks.*).</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class SimulatorWebhookBodyTests
    {
        [Fact]
        public async Task TestEvent_IsTheDocumentedOne_ButItsIdAndCreationTime()
        {
            await using var rig = await WebhookRig.StartAsync();

            await rig.Simulator.Webhooks.SendTestEventAsync();
            var received = await rig.Receiver.NextAsync();

            var body = JsonNode.Parse(received.Body)!.AsObject();
            var documented = Payloads.Documented("task-webhooks.en.endpoint-test.webhook.json").AsObject();
            Assert.Equal(received.EventId, body["id"]!.GetValue<string>());
            Assert.Equal(rig.Clock.GetUtcNow().ToUnixTimeSeconds(), body["created_at"]!.GetValue<long>());
            body["id"] = documented["id"]!.GetValue<string>();
            body["created_at"] = documented["created_at"]!.GetValue<long>();
            Assert.True(JsonNode.DeepEquals(documented, body), body.ToJsonString());
        }

        [Fact]
        public async Task CompletedEvent_HasExactlyTheDocumentedFields_WithThisTasksValues()
        {
            await using var rig = await WebhookRig.StartAsync();
            var submitted = await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = "order_123" });
            var simulated = Assert.Single(rig.Simulator.Tasks);
            rig.AdvanceToEndOf(simulated);

            var body = JsonNode.Parse((await rig.Receiver.NextAsync()).Body)!;

            JsonShape.AssertSame(Payloads.Documented("task-webhooks.zh-Hant.generation-completed-video.webhook.json"), body);
            AssertSameOrder(Payloads.Documented("task-webhooks.zh-Hant.generation-completed-video.webhook.json"), body);
            var data = body["data"]!;
            Assert.Equal("generation.completed", body["type"]!.GetValue<string>());
            Assert.Equal("v1", body["api_version"]!.GetValue<string>());
            Assert.Equal(rig.EndOf(simulated).ToUnixTimeSeconds(), body["created_at"]!.GetValue<long>());
            Assert.Equal(submitted.Id, data["task_id"]!.GetValue<string>());
            Assert.Equal("order_123", data["client_business_id"]!.GetValue<string>());
            Assert.Equal("video", data["task_type"]!.GetValue<string>());
            Assert.Equal("kling-video-o1", data["model"]!.GetValue<string>());
            Assert.Equal("SUCCESS", data["status"]!.GetValue<string>());
            Assert.Equal("100%", data["progress"]!.GetValue<string>());
            Assert.Equal("video", data["result"]!["type"]!.GetValue<string>());
            Assert.Equal(new Uri(rig.Simulator.BaseAddress, $"files/videos/{submitted.Id}/output.mp4").AbsoluteUri, data["result"]!["data"]![0]!["url"]!.GetValue<string>());
            Assert.Equal("mp4", data["result"]!["data"]![0]!["format"]!.GetValue<string>());
            Assert.Equal(simulated.CreatedAt.ToUnixTimeSeconds(), data["submitted_at"]!.GetValue<long>());
            Assert.Equal(rig.EndOf(simulated).ToUnixTimeSeconds(), data["finished_at"]!.GetValue<long>());
        }

        [Fact]
        public async Task FailedEvent_HasTheDocumentedFields_ResultNullAndTheError()
        {
            await using var rig = await WebhookRig.StartAsync();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat [fail]") { ClientBusinessId = "order_456" });
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var body = JsonNode.Parse((await rig.Receiver.NextAsync()).Body)!;

            JsonShape.AssertSame(Payloads.Documented("task-webhooks.en.generation-failed.webhook.json"), body);
            Assert.Equal("FAILURE", body["data"]!["status"]!.GetValue<string>());
            Assert.Equal("generation_failed", body["data"]!["error"]!["code"]!.GetValue<string>());
            Assert.Equal("video", body["data"]!["task_type"]!.GetValue<string>());
        }

        [Fact]
        public async Task CompletedEvent_WithoutABusinessId_LeavesTheFieldOut()
        {
            await using var rig = await WebhookRig.StartAsync();
            await rig.Client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            rig.AdvanceToEndOf(Assert.Single(rig.Simulator.Tasks));

            var data = JsonNode.Parse((await rig.Receiver.NextAsync()).Body)!["data"]!.AsObject();

            Assert.False(data.ContainsKey("client_business_id"));
            Assert.Equal(9, data.Count);
        }

        private static void AssertSameOrder(JsonNode expected, JsonNode actual)
        {
            Assert.Equal(expected.AsObject().Select(p => p.Key), actual.AsObject().Select(p => p.Key));
            Assert.Equal(expected["data"]!.AsObject().Select(p => p.Key), actual["data"]!.AsObject().Select(p => p.Key));
        }
    }
}
