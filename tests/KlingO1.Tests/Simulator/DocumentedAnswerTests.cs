using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The simulator's submit and status answers against the documented examples (Payloads/Documented), member for
    /// member, with <c>client_business_id</c> echoed when it was sent.
    /// </summary>
    public sealed class DocumentedAnswerTests
    {
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task SubmitAnswer_HasTheDocumentedMembersWithAnEmptyMetadata()
        {
            await using var simulator = await StartAsync();

            var answer = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.en.text-to-video.request.json"));

            JsonShape.AssertSame(Payloads.Documented("generation.cn.submit-200.response.json"), answer.Body!);
            Assert.Equal("{}", answer.Body!["metadata"]!.ToJsonString());
            Assert.Equal(("generation.task", "kling-video-o1", "queued", 0), (Text(answer.Body, "object"), Text(answer.Body, "model"), Text(answer.Body, "status"), answer.Body["progress"]!.GetValue<int>()));
        }

        [Fact]
        public async Task SubmitAnswer_WithClientBusinessId_EchoesIt()
        {
            await using var simulator = await StartAsync();

            var answer = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.cn.scene1-text-to-video-client-business-id.request.json"));

            var expected = Payloads.Documented("generation.cn.submit-200.response.json").AsObject();
            expected["client_business_id"] = "order_20260428_001";
            JsonShape.AssertSame(expected, answer.Body!);
            Assert.Equal("order_20260428_001", Text(answer.Body!, "client_business_id"));
        }

        [Fact]
        public async Task SubmitAnswer_WithClientBusinessIdInsideMetadata_EchoesItAtTheTop()
        {
            // The Chinese page: "也兼容放在 metadata.client_business_id 中" (also accepted inside metadata).
            await using var simulator = await StartAsync();
            var body = Payloads.Documented("generation.en.text-to-video.request.json");
            body["metadata"] = new JsonObject { ["client_business_id"] = "order_7" };

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.Equal("order_7", Text(answer.Body!, "client_business_id"));
        }

        [Fact]
        public async Task CompletedTask_HasTheDocumentedMembers()
        {
            await using var simulator = await StartAsync();
            var submitted = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.en.text-to-video.request.json"));
            _clock.Advance(TimeSpan.FromMinutes(10));

            var answer = await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/" + Text(submitted.Body!, "id"));

            JsonShape.AssertSame(Payloads.Documented("video-status.en.completed.response.json"), answer.Body!);
            Assert.Equal(("video", "mp4"), (Text(answer.Body!["result"]!, "type"), Text(answer.Body["result"]!["data"]![0]!, "format")));
        }

        [Fact]
        public async Task CompletedTask_WithClientBusinessId_HasTheDocumentedMembers()
        {
            await using var simulator = await StartAsync();
            var submitted = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.cn.scene1-text-to-video-client-business-id.request.json"));
            _clock.Advance(TimeSpan.FromMinutes(10));

            var answer = await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/" + Text(submitted.Body!, "id"));

            JsonShape.AssertSame(Payloads.Documented("video-status.cn.completed-client-business-id.response.json"), answer.Body!);
            Assert.Equal("order_20260428_001", Text(answer.Body!, "client_business_id"));
            Assert.Equal("order_20260428_001", Assert.Single(simulator.Tasks).ClientBusinessId);
        }

        [Theory]
        [InlineData(1, "video-status.en.queued.response.json")]
        [InlineData(30, "video-status.en.in-progress.response.json")]
        public async Task UnfinishedTask_HasTheDocumentedMembers(int secondsLater, string documented)
        {
            await using var simulator = await StartAsync();
            var submitted = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.en.text-to-video.request.json"));
            _clock.Advance(TimeSpan.FromSeconds(secondsLater));

            var answer = await SimulatorHttp.GetAsync(simulator, "v1/videos/generations/" + Text(submitted.Body!, "id"));

            JsonShape.AssertSame(Payloads.Documented(documented), answer.Body!);
        }

        private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
