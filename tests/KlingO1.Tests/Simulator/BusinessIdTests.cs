using System;
using System.Net;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// <c>client_business_id</c> as the Chinese page documents it: stored, echoed, and a task readable by it in place
    /// of its id, whether it came at the top level or inside <c>metadata</c>. This is what the SDK's lost-submit recovery
    /// looks the task up by.
    /// </summary>
    public sealed class BusinessIdTests
    {
        private readonly ManualClock _clock = new();

        [Theory]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","client_business_id":"order_20260428_001"}""")]
        [InlineData("""{"model":"kling-video-o1","prompt":"A cat","metadata":{"client_business_id":"order_20260428_001"}}""")]
        public async Task GetTaskAsync_ByBusinessId_ReadsTheTaskItWasSentWith(string body)
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            using var submitted = await SimulatedTaskRecordTests.PostAsync(simulator, body);

            var task = await client.GetTaskAsync("order_20260428_001");

            Assert.Equal(Assert.Single(simulator.Tasks).Id, task.Id);
            Assert.Equal("order_20260428_001", task.ClientBusinessId);
            Assert.Contains("\"client_business_id\":\"order_20260428_001\"", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_BusinessIdSentTwice_ReadsTheNewerTask()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = "order-1" });
            var newer = await client.StartGenerationAsync(new VideoGenerationRequest("A dog") { ClientBusinessId = "order-1" });

            var task = await client.GetTaskAsync("order-1");

            Assert.Equal(newer.Id, task.Id);
        }

        [Fact]
        public async Task GetTaskAsync_UnknownBusinessId_IsNotFound()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = "order-1" });

            var ex = await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync("order-2"));

            Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        }

        /// <summary>
        /// The README's recovery path end to end: the submit's answer is lost after the task was created (and billed);
        /// with a business id the SDK finds the task instead of reporting an unknown outcome, and never submits twice.
        /// </summary>
        [Fact]
        public async Task GenerateAsync_SubmitAnswerLostWithGeneratedBusinessIds_FindsTheOneTaskAndFinishesIt()
        {
            await using var simulator = await StartAsync();
            var options = simulator.CreateClientOptions();
            options.GenerateClientBusinessIds = true;
            using var client = new KlingVideoClient(options);
            simulator.Faults.LoseSubmitResponses(1);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A cat"));
            await _clock.DriveAsync(generate, TimeSpan.FromMinutes(1));
            var video = await generate;

            var created = Assert.Single(simulator.Tasks);
            Assert.Equal(created.Id, video.Id);
            Assert.Equal(VideoTaskStatus.Completed, video.Status);
            Assert.NotNull(created.ClientBusinessId);
            Assert.Equal(created.ClientBusinessId, video.ClientBusinessId);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
        }

        [Fact]
        public async Task SubmitAsync_SubmitAnswerLostWithoutBusinessId_IsAnUnknownOutcomeAndNotResent()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(simulator.CreateClientOptions());
            simulator.Faults.LoseSubmitResponses(1);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Null(ex.ClientBusinessId);
            Assert.Single(simulator.Tasks);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
        }

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
