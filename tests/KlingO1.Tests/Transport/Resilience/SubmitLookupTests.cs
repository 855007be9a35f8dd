using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport.Resilience
{
    /// <summary>An unknown submit outcome with a client business id: the task is looked up by it, never submitted again.</summary>
    public sealed class SubmitLookupTests : IDisposable
    {
        private const string TaskId = "video_lookup_1";
        private const string BusinessId = "order_123";
        private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(15);
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        [Fact]
        public async Task SubmitAsync_500ThenTaskFoundByBusinessId_ReturnsTheTaskAfterOnePost()
        {
            _handler.OnSubmit(Respond.Error(500));
            _handler.OnRead(BusinessId, Respond.Task(TaskId, "queued", businessId: BusinessId));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = BusinessId })).Latest!;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(BusinessId, task.ClientBusinessId);
            Assert.Equal(BusinessId, (string?)JsonNode.Parse(_handler.Received[0].Body)!["client_business_id"]);
            Assert.Equal(new[] { "POST " + ScriptedHandler.Generations, "GET " + ScriptedHandler.Generations + "/" + BusinessId }, Requests());
        }

        [Fact]
        public async Task SubmitAsync_TimeoutThenTaskFoundByBusinessId_ReturnsTheTaskAfterOnePost()
        {
            _handler.OnSubmit(Respond.Hang());
            _handler.OnRead(BusinessId, Respond.Task(TaskId, "in_progress", 10, BusinessId));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = BusinessId });
            await _handler.NextArrivalAsync();
            _clock.Advance(TimeSpan.FromSeconds(60));
            var task = await submit;

            Assert.Equal(TaskId, task.Id);
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(1, _handler.Count("GET"));
        }

        [Fact]
        public async Task SubmitAsync_500ThenLookupFailsInPassing_LookupIsRetriedAndTheTaskReturned()
        {
            _handler.OnSubmit(Respond.Error(502));
            _handler.OnRead(BusinessId, Respond.Error(503), Respond.Error(500), Respond.Task(TaskId, "queued", businessId: BusinessId));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = BusinessId });
            var slept = await _clock.DriveAsync(submit, LongestWait);

            Assert.Equal(TaskId, (await submit).Id);
            Assert.Equal(new[] { 0.5, 1.0 }, slept.Select(s => s.TotalSeconds));
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(3, _handler.Count("GET", ScriptedHandler.Generations + "/" + BusinessId));
        }

        [Fact]
        public async Task SubmitAsync_500ThenLookup404_ThrowsOutcomeUnknownWithBusinessIdAndHowToCheckLater()
        {
            _handler.OnSubmit(Respond.Error(500), Respond.Task("video_duplicate", "queued"));
            _handler.OnRead(BusinessId, Respond.Status(404, Payloads.Read("error-404.json")));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(
                () => client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = BusinessId }));

            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.Equal(HttpStatusCode.InternalServerError, Assert.IsType<KlingApiException>(ex.InnerException).StatusCode);
            Assert.Contains("GetTaskAsync(\"order_123\")", ex.Message, StringComparison.Ordinal);
            Assert.Contains("did not send it again", ex.Message, StringComparison.Ordinal);
            Assert.Contains("No task with that business id was found", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(1, _handler.Count("GET"));
        }

        [Fact]
        public async Task SubmitAsync_500ThenLookupKeepsFailing_ThrowsOutcomeUnknownAndNeverPostsAgain()
        {
            _handler.OnSubmit(Respond.Error(500), Respond.Task("video_duplicate", "queued"));
            _handler.OnRead(BusinessId, Respond.Error(503));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = BusinessId });
            await _clock.DriveAsync(submit, LongestWait);
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => submit);

            Assert.Equal(BusinessId, ex.ClientBusinessId);
            Assert.Contains("Looking the task up by its business id failed too", ex.Message, StringComparison.Ordinal);
            Assert.Contains("GetTaskAsync(\"order_123\")", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, _handler.Posts);
            Assert.Equal(4, _handler.Count("GET"));
        }

        [Fact]
        public async Task SubmitAsync_GeneratedBusinessIdAndResponseLost_SendsTheIdAndLooksTheTaskUpByIt()
        {
            // The simulator creates (bills) the task, then drops the connection before answering.
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            simulator.Faults.LoseSubmitResponses(1);
            using var client = ResilientClients.OnSimulator(simulator, _clock, o => o.GenerateClientBusinessIds = true);

            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;

            var created = Assert.Single(simulator.Tasks);
            var sent = created.ClientBusinessId;
            Assert.NotNull(sent);
            Assert.StartsWith("klingo1_", sent, StringComparison.Ordinal);
            Assert.Equal(created.Id, task.Id);
            Assert.Equal(sent, task.ClientBusinessId);
            Assert.Equal(
                new[] { "POST /v1/videos/generations -> 0", "GET /v1/videos/generations/" + sent + " -> 200" },
                simulator.Requests.Select(r => r.ToString()));
        }

        [Fact]
        public async Task SubmitAsync_GeneratedBusinessIdAndLookup404_ThrowsOutcomeUnknownCarryingTheGeneratedId()
        {
            _handler.OnSubmit(Respond.Error(504, "gateway_timeout"));
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.GenerateClientBusinessIds = true);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            var sent = (string?)JsonNode.Parse(_handler.Received[0].Body)!["client_business_id"];
            Assert.NotNull(sent);
            Assert.Equal(sent, ex.ClientBusinessId);
            Assert.Contains($"GetTaskAsync(\"{sent}\")", ex.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "POST " + ScriptedHandler.Generations, "GET " + ScriptedHandler.Generations + "/" + sent }, Requests());
        }

        [Fact]
        public async Task SubmitAsync_GeneratedBusinessIds_EachLogicalSubmitGetsAFreshId()
        {
            _handler.OnSubmit(Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock, o => o.GenerateClientBusinessIds = true);

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var ids = _handler.Received.Select(r => (string?)JsonNode.Parse(r.Body)!["client_business_id"]).ToArray();
            Assert.Equal(2, ids.Distinct().Count());
            Assert.All(ids, id => Assert.NotNull(id));
        }

        private string[] Requests() => _handler.Received.Select(r => r.Method + " " + r.Path).ToArray();
    }
}
