using System;
using System.Linq;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests
{
    /// <summary>
    /// Issue 19: <see cref="IKlingVideoClient.StartGenerationOnceAsync"/>, the money-safe start for at-least-once job
    /// engines: a task found by the business id is adopted (nothing submitted); only "not found" leads to a submit; a
    /// failed lookup or a foreign task submits nothing.
    /// </summary>
    public sealed class StartGenerationOnceTests : IClassFixture<KlingServerFixture>
    {
        private const string BusinessId = "job-0001";
        private const string TaskId = "video_once_1";
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();

        public StartGenerationOnceTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task StartOnce_TaskWithTheBusinessIdExists_AdoptsItWithoutSubmitting()
        {
            _server.RespondToGet(BusinessId, 200, Respond.TaskJson(TaskId, "in_progress", 40, BusinessId));
            _server.RespondToSubmit(200, Respond.TaskJson("video_second", "queued"));
            using var client = _server.Client(_clock);

            var operation = await client.StartGenerationOnceAsync(Request());

            Assert.Equal(TaskId, operation.Id);
            Assert.Equal(40, operation.Latest!.Progress);
            Assert.Equal((VideoMode.Professional, VideoDuration.TenSeconds), (operation.Mode!.Value, operation.Duration!.Value));
            Assert.Equal(0, Submits());
        }

        [Fact]
        public async Task StartOnce_NoSuchTask_SubmitsOnceWithTheBusinessId()
        {
            _server.RespondToGet(BusinessId, 404, Respond.ErrorJson("not_found", "Task not found"));
            _server.RespondToSubmit(200, Respond.TaskJson(TaskId, "queued", 0, BusinessId));
            using var client = _server.Client(_clock);

            var operation = await client.StartGenerationOnceAsync(Request());

            Assert.Equal(TaskId, operation.Id);
            Assert.Equal(1, Submits());
            Assert.Contains("\"client_business_id\":\"" + BusinessId + "\"", _server.Received().Single(e => e.RequestMessage!.Method == "POST").RequestMessage!.Body, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(401)]
        [InlineData(429)]
        public async Task StartOnce_LookupFailsOtherwise_SubmitsNothing(int status)
        {
            _server.RespondToGet(BusinessId, status, Respond.ErrorJson("some_error"));
            _server.RespondToSubmit(200, Respond.TaskJson(TaskId, "queued"));
            using var client = _server.Client(_clock);

            var start = client.StartGenerationOnceAsync(Request());
            await _clock.DriveAsync(start, TimeSpan.FromMinutes(1));

            await Assert.ThrowsAnyAsync<KlingApiException>(() => start);
            Assert.Equal(0, Submits());
        }

        [Fact]
        public async Task StartOnce_BusinessIdIsAnotherTasksId_RefusesAndSubmitsNothing()
        {
            _server.RespondToGet(BusinessId, 200, Respond.TaskJson(BusinessId, "completed", 100));
            _server.RespondToSubmit(200, Respond.TaskJson(TaskId, "queued"));
            using var client = _server.Client(_clock);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartGenerationOnceAsync(Request()));

            Assert.Contains("not that business id's", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, Submits());
        }

        [Fact]
        public async Task StartOnce_LookupAnswersWithATaskOfAnotherBusinessId_SubmitsNothing()
        {
            // The transport refuses an answer about another task than the one asked for (neither its id nor its business id).
            _server.RespondToGet(BusinessId, 200, Respond.TaskJson("video_other", "completed", 100, "job-other"));
            _server.RespondToSubmit(200, Respond.TaskJson(TaskId, "queued"));
            using var client = _server.Client(_clock);

            await Assert.ThrowsAsync<KlingApiException>(() => client.StartGenerationOnceAsync(Request()));
            Assert.Equal(0, Submits());
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public async Task StartOnce_NoBusinessId_RefusedBeforeAnyRequest(string? businessId)
        {
            using var client = _server.Client(_clock);

            await Assert.ThrowsAsync<ArgumentException>(() => client.StartGenerationOnceAsync(new VideoGenerationRequest("A cat") { ClientBusinessId = businessId }));
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task StartOnce_RetriedJobOnTheSimulator_LeavesOneTask()
        {
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = _clock });
            using var client = simulator.CreateClient();

            var first = await client.StartGenerationOnceAsync(Request());
            var retried = await client.StartGenerationOnceAsync(Request());   // the job ran again: a retry, a redelivery

            Assert.Equal(first.Id, retried.Id);
            Assert.Single(simulator.Tasks);
        }

        private static VideoGenerationRequest Request()
            => new("A cat") { ClientBusinessId = BusinessId, Mode = VideoMode.Professional, Duration = VideoDuration.TenSeconds };

        private int Submits() => _server.Received().Count(e => e.RequestMessage!.Method == "POST");
    }
}
