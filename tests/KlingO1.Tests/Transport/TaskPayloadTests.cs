using System;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport
{
    /// <summary>Every recorded task body reads into the right <see cref="VideoTask"/>.</summary>
    public sealed class TaskPayloadTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_7497f4d5-3a88-44c7-923a-967fa7d941a0";
        private readonly KlingServerFixture _server;

        public TaskPayloadTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task GetTaskAsync_Queued_ReadsQueuedTask()
        {
            var task = await ReadAsync("task-queued.json");
            Assert.Equal(TaskId, task.Id);
            Assert.Equal("kling-video-o1", task.Model);
            Assert.Equal(VideoTaskStatus.Queued, task.Status);
            Assert.Equal(0, task.Progress);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380222), task.CreatedAt);
            Assert.False(task.IsTerminal);
            Assert.Null(task.VideoUrl);
            Assert.Null(task.Error);
        }

        [Fact]
        public async Task GetTaskAsync_InProgress_ReadsProgress()
        {
            var task = await ReadAsync("task-in-progress.json");
            Assert.Equal(VideoTaskStatus.InProgress, task.Status);
            Assert.Equal(65, task.Progress);
            Assert.False(task.IsTerminal);
        }

        [Fact]
        public async Task GetTaskAsync_Completed_ReadsVideoUrlAndTimes()
        {
            var task = await ReadAsync("task-completed.json");
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.True(task.IsTerminal);
            Assert.Equal(100, task.Progress);
            Assert.Equal(new Uri("https://files.toapis.com/videos/video_7497f4d5/output.mp4"), task.VideoUrl);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380514), task.CompletedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768466914), task.ExpiresAt);
            Assert.Equal(TimeSpan.FromHours(24), task.ExpiresAt - task.CompletedAt);
        }

        [Fact]
        public async Task GetTaskAsync_Failed_ReadsError()
        {
            var task = await ReadAsync("task-failed.json");
            Assert.Equal(VideoTaskStatus.Failed, task.Status);
            Assert.True(task.IsTerminal);
            Assert.Equal("generation_failed", task.Error!.Code);
            Assert.Equal("Generation failed: Content violates the content policy", task.Error.Message);
            Assert.Null(task.VideoUrl);
        }

        [Fact]
        public async Task GetTaskAsync_UnknownFieldsAndStatus_ReadsKnownFieldsAndKeepsStatus()
        {
            var task = await ReadAsync("task-unknown-fields.json", "tsk_vid_01KRDG4S50ABCDEFGHJKMNPQRS");
            Assert.Equal("tsk_vid_01KRDG4S50ABCDEFGHJKMNPQRS", task.Id);
            Assert.Equal("rendering_preview", task.Status.Value);
            Assert.False(task.IsTerminal);
            Assert.Equal(40, task.Progress);
            Assert.Equal("order_20260428_001", task.ClientBusinessId);
        }

        [Fact]
        public async Task SubmitAsync_RecordedResponse_ReturnsQueuedTask()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            using var client = _server.Client();
            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;
            Assert.Equal("video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ", task.Id);
            Assert.Equal(VideoTaskStatus.Queued, task.Status);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380224), task.CreatedAt);
        }

        [Theory]
        [InlineData("\"submitted\"", "queued")]
        [InlineData("\"IN_PROGRESS\"", "IN_PROGRESS")]
        public async Task GetTaskAsync_StatusSpellings_AreNormalisedOrKept(string wireStatus, string expectedValue)
        {
            var task = await ReadBodyAsync($"{{\"id\":\"t1\",\"status\":{wireStatus},\"progress\":\"70%\",\"created_at\":1}}", "t1");
            Assert.Equal(expectedValue, task.Status.Value);
            Assert.Equal(70, task.Progress);
        }

        private Task<VideoTask> ReadAsync(string payload, string taskId = TaskId) => ReadBodyAsync(Payloads.Read(payload), taskId);

        private async Task<VideoTask> ReadBodyAsync(string body, string taskId)
        {
            _server.RespondToGet(taskId, 200, body);
            using var client = _server.Client();
            return await client.GetTaskAsync(taskId);
        }
    }
}
