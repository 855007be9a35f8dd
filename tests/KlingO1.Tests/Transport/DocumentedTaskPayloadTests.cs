using System;
using System.IO;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport
{
    /// <summary>Every documented status answer (Payloads/Documented/video-status.*) read through the SDK, every field asserted.</summary>
    public sealed class DocumentedTaskPayloadTests : IClassFixture<KlingServerFixture>
    {
        private const string SoraTaskId = "video_7497f4d5-3a88-44c7-923a-967fa7d941a0";
        private readonly KlingServerFixture _server;

        public DocumentedTaskPayloadTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task Completed_En_ReadsResultTypeFormatAndTimes()
        {
            const string id = "tsk_vid_01KRDG4S50XXXXXXXXXXXXXXX";
            var task = await ReadAsync("video-status.en.completed.response.json", id);

            Assert.Equal(id, task.Id);
            Assert.Equal("seedance-2", task.Model);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(100, task.Progress);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1778569600), task.CreatedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1778569900), task.CompletedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1778656300), task.ExpiresAt);
            Assert.Equal("video", task.ResultType);
            Assert.Equal("mp4", task.VideoFormat);
            Assert.Equal("files.toapis.com", task.VideoUrl!.Host);
            Assert.EndsWith(".mp4", task.VideoUrl.AbsolutePath, StringComparison.Ordinal);
            Assert.Null(task.LastFrameUrl);
            Assert.Null(task.Usage);
            Assert.Null(task.Error);
            Assert.Null(task.ClientBusinessId);
        }

        [Fact]
        public async Task Completed_Cn_ReadsClientBusinessIdResultTypeAndFormat()
        {
            var task = await ReadAsync("video-status.cn.completed-client-business-id.response.json", SoraTaskId);

            Assert.Equal("order_20260428_001", task.ClientBusinessId);
            Assert.Equal("sora-2", task.Model);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(new Uri("https://files.toapis.com/sora/7712af45-ca35-4a15-b800-f20ea623665b.mp4"), task.VideoUrl);
            Assert.Equal("video", task.ResultType);
            Assert.Equal("mp4", task.VideoFormat);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380222), task.CreatedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380514), task.CompletedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768466914), task.ExpiresAt);
        }

        [Theory]
        [InlineData("video-status.en.queued.response.json", "queued", 0)]
        [InlineData("video-status.en.in-progress.response.json", "in_progress", 65)]
        public async Task Running_ReadsStatusAndProgressWithoutResult(string file, string status, int progress)
        {
            var task = await ReadAsync(file, SoraTaskId);

            Assert.Equal(new VideoTaskStatus(status), task.Status);
            Assert.Equal(progress, task.Progress);
            Assert.Equal("sora-2", task.Model);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1768380222), task.CreatedAt);
            Assert.False(task.IsTerminal);
            Assert.Null(task.ResultType);
            Assert.Null(task.VideoFormat);
            Assert.Null(task.VideoUrl);
            Assert.Null(task.CompletedAt);
        }

        [Fact]
        public async Task Failed_ReadsError()
        {
            var task = await ReadAsync("video-status.en.failed.response.json", SoraTaskId);

            Assert.Equal(VideoTaskStatus.Failed, task.Status);
            Assert.Equal(0, task.Progress);
            Assert.Equal("generation_failed", task.Error!.Code);
            Assert.Equal("Generation failed: Content violates the content policy", task.Error.Message);
            Assert.Null(task.ResultType);
            Assert.Null(task.VideoUrl);
        }

        [Theory]
        [InlineData("video-status.en.error-401.response.json", 401, typeof(KlingAuthenticationException), "authentication_error")]
        [InlineData("video-status.en.error-404.response.json", 404, typeof(KlingNotFoundException), "not_found_error")]
        public async Task ErrorAnswers_ThrowTheirException(string file, int status, Type expected, string type)
        {
            _server.RespondToGet(SoraTaskId, status, Read(file));
            using var client = _server.Client();

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.GetTaskAsync(SoraTaskId));

            Assert.IsType(expected, ex);
            Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.ErrorCode);
            Assert.Equal(type, ex.ErrorType);
        }

        [Fact]
        public async Task LastFrameUrlAndUsage_AsTheFieldTableDescribesThem_AreRead()
        {
            // No documented example carries them; this body adds them to the completed one as the field table
            // (video-status.en.fields.table.json) names them: result.data[].last_frame_url, usage.tool_usage.web_search.
            var body = Read("video-status.en.completed.response.json")
                .Replace("\"format\": \"mp4\"", "\"format\": \"mp4\", \"last_frame_url\": \"https://files.toapis.com/frames/last.png\"", StringComparison.Ordinal)
                .Replace("\"result\": {", "\"usage\": {\"tool_usage\": {\"web_search\": 2, \"note\": \"x\", \"ratio\": 1.5}}, \"result\": {", StringComparison.Ordinal);

            var task = await ReadBodyAsync(body, "tsk_vid_01KRDG4S50XXXXXXXXXXXXXXX");

            Assert.Equal(new Uri("https://files.toapis.com/frames/last.png"), task.LastFrameUrl);
            var usage = Assert.Single(task.Usage!.ToolUsage);
            Assert.Equal("web_search", usage.Key);
            Assert.Equal(2, usage.Value);
        }

        [Theory]
        [InlineData("\"last_frame_url\": \"frames/last.png\"")]
        [InlineData("\"last_frame_url\": \"ftp://files.toapis.com/last.png\"")]
        [InlineData("\"last_frame_url\": \"\"")]
        public async Task LastFrameUrl_NotAbsoluteHttp_IsNullAndTheTaskStillReads(string field)
        {
            var body = Read("video-status.en.completed.response.json")
                .Replace("\"format\": \"mp4\"", "\"format\": \"mp4\", " + field, StringComparison.Ordinal);

            var task = await ReadBodyAsync(body, "tsk_vid_01KRDG4S50XXXXXXXXXXXXXXX");

            Assert.Null(task.LastFrameUrl);
            Assert.NotNull(task.VideoUrl);
        }

        [Theory]
        [InlineData("\"usage\": 3")]
        [InlineData("\"usage\": {\"tool_usage\": []}")]
        [InlineData("\"usage\": {}")]
        public async Task Usage_OtherShapes_AreNotFatal(string field)
        {
            var body = Read("video-status.en.completed.response.json").Replace("\"result\": {", field + ", \"result\": {", StringComparison.Ordinal);

            var task = await ReadBodyAsync(body, "tsk_vid_01KRDG4S50XXXXXXXXXXXXXXX");

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Empty(task.Usage?.ToolUsage ?? new System.Collections.Generic.Dictionary<string, long>());
        }

        [Fact]
        public async Task SubmitAnswer_Cn_ReadsItsEmptyMetadata_AndEntriesWhenThereAreAny()
        {
            const string Id = "video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ";
            var documented = await ReadBodyAsync(Read("generation.cn.submit-200.response.json"), Id);
            var withEntries = await ReadBodyAsync(
                Read("generation.cn.submit-200.response.json").Replace("\"metadata\": {}", "\"metadata\": {\"watermark\": false, \"image_list\": [{\"image_url\": \"https://example.com/a.jpg\"}]}", StringComparison.Ordinal),
                Id);

            Assert.Empty(documented.Metadata);
            Assert.False(withEntries.Metadata["watermark"].GetBoolean());
            Assert.Equal("https://example.com/a.jpg", withEntries.Metadata["image_list"][0].GetProperty("image_url").GetString());
        }

        [Fact]
        public async Task CompletedTask_WithDeeplyNestedMetadata_IsStillRead()
        {
            const string Id = "video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ";
            var nested = new string('[', 100) + new string(']', 100);
            var task = await ReadBodyAsync(
                Read("generation.cn.submit-200.response.json").Replace("\"metadata\": {}", "\"metadata\": {\"a\": " + nested + "}", StringComparison.Ordinal),
                Id);

            Assert.Equal(System.Text.Json.JsonValueKind.Array, task.Metadata["a"].ValueKind);
        }

        private static string Read(string file) => Payloads.Read(Path.Combine("Documented", file));

        private Task<VideoTask> ReadAsync(string file, string taskId) => ReadBodyAsync(Read(file), taskId);

        private async Task<VideoTask> ReadBodyAsync(string body, string taskId)
        {
            _server.RespondToGet(taskId, 200, body);
            using var client = _server.Client();
            return await client.GetTaskAsync(taskId);
        }
    }
}
