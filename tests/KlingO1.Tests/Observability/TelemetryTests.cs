using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Media;

namespace KlingO1.Tests.Observability
{
    /// <summary>
    /// Logs, spans and metrics of one generation. Runs alone: the activity source and meter are process-wide, and
    /// tests running beside it would add their own measurements.
    /// </summary>
    [Collection(nameof(MemoryMeasurement))]
    public sealed class TelemetryTests : IClassFixture<KlingServerFixture>, IDisposable
    {
        private const string TaskId = "video_telemetry_1";
        private const string Prompt = "A secret storyboard about a lighthouse";
        private readonly KlingServerFixture _server;
        private readonly ManualClock _clock = new();
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ConcurrentDictionary<string, double> _totals = new();
        private readonly ConcurrentQueue<object?> _retriedOperations = new();

        public TelemetryTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == KlingTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == KlingTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                _totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                foreach (var tag in tags)
                {
                    if (instrument.Name == "klingo1.retries" && tag.Key == "klingo1.operation")
                    {
                        _retriedOperations.Enqueue(tag.Value);
                    }
                }
            });
            _meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => _totals.AddOrUpdate(instrument.Name + ".count", 1, (_, sum) => sum + 1));
            _meters.Start();
        }

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        [Fact]
        public async Task GenerateAsync_LogsSpansAndMetrics_WithoutKeyOrPrompt()
        {
            var completedAt = _clock.GetUtcNow().AddSeconds(12).ToUnixTimeSeconds();
            _server.RespondToSubmit(200, Task("queued", 0, created: _clock.GetUtcNow().ToUnixTimeSeconds()));
            _server.RespondToGetInSequence(
                TaskId,
                Task("in_progress", 40, created: _clock.GetUtcNow().ToUnixTimeSeconds()),
                Task("completed", 100, created: _clock.GetUtcNow().ToUnixTimeSeconds(), completedAt: completedAt));
            var logger = new RecordingLogger<KlingVideoClient>();
            using var client = new KlingVideoClient(new HttpClient(), _server.Options(), _clock, logger: logger);

            var generate = client.GenerateAsync(new VideoGenerationRequest(Prompt) { Mode = VideoMode.Professional });
            var slept = await _clock.DriveAsync(generate, TimeSpan.FromSeconds(15));
            await generate;

            var messages = logger.Entries.Select(e => e.Message).ToArray();
            Assert.Contains(messages, m => m.StartsWith($"Submitted video task {TaskId} (pro, 5 s, 0 images)", StringComparison.Ordinal));
            Assert.Equal(
                new[] { "queued", "in_progress", "completed" },
                logger.Entries.Where(e => e.Id.Id == 3).Select(e => e.Message.Split(' ')[4]));
            Assert.Contains(messages, m => m.StartsWith($"Video task {TaskId} ended completed after", StringComparison.Ordinal));
            Assert.All(messages, m => Assert.DoesNotContain(KlingServerFixture.ApiKey, m, StringComparison.Ordinal));
            Assert.All(messages, m => Assert.DoesNotContain("lighthouse", m, StringComparison.Ordinal));

            var spans = _stopped.ToArray();
            Assert.Single(spans, a => a.DisplayName == "KlingO1 submit");
            Assert.Equal(2, spans.Count(a => a.DisplayName == "KlingO1 status read"));
            var wait = Assert.Single(spans, a => a.DisplayName == "KlingO1 wait");
            Assert.Equal(TaskId, wait.GetTagItem("klingo1.task_id"));
            Assert.Equal("completed", wait.GetTagItem("klingo1.status"));
            Assert.Equal(2, wait.GetTagItem("klingo1.polls"));
            var lag = TimeSpan.FromTicks(slept.Sum(d => d.Ticks)) - TimeSpan.FromSeconds(12);
            Assert.Equal((long)lag.TotalMilliseconds, wait.GetTagItem("klingo1.detection_lag_ms"));

            Assert.Equal(1, _totals["klingo1.submits"]);
            Assert.Equal(2, _totals["klingo1.status_reads"]);
            Assert.Equal(1, _totals["klingo1.wait.detection_lag.count"]);
            Assert.Equal(1, _totals["klingo1.task.queued.count"]);
            Assert.Equal(1, _totals["klingo1.task.running.count"]);
        }

        [Fact]
        public async Task GetTaskAsync_Retried_LogsReasonAndCountsRetry()
        {
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(KlingServerFixture.GenerationsPath + "/" + TaskId).UsingGet())
                .InScenario("retry").WillSetStateTo("ok")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithBody("{\"error\":{\"code\":\"busy\",\"message\":\"try later\"}}"));
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(KlingServerFixture.GenerationsPath + "/" + TaskId).UsingGet())
                .InScenario("retry").WhenStateIs("ok")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(Task("queued", 0, created: 1)));
            var logger = new RecordingLogger<KlingVideoClient>();
            using var client = new KlingVideoClient(new HttpClient(), _server.Options(o => o.Retry = new KlingRetryOptions()), _clock, logger: logger);

            var read = client.GetTaskAsync(TaskId);
            await _clock.DriveAsync(read, TimeSpan.FromSeconds(30));
            await read;

            var retry = Assert.Single(logger.Entries, e => e.Id.Id == 4);
            Assert.Contains("Retrying the status read", retry.Message, StringComparison.Ordinal);
            Assert.Contains("HTTP 503", retry.Message, StringComparison.Ordinal);
            Assert.Equal(1, _totals["klingo1.retries"]);
            Assert.Equal(new object?[] { "status_read" }, _retriedOperations);
            Assert.Equal(2, _totals["klingo1.status_reads"]);
        }

        [Theory]
        [InlineData(true, "video upload", "upload_video", "/v1/uploads/videos")]
        [InlineData(false, "image upload", "upload_image", "/v1/uploads/images")]
        public async Task UploadAsync_Retried_LogsAndMeasuresItsOwnEndpoint(bool video, string operation, string telemetryName, string path)
        {
            // Both uploads once shared one pipeline, so a retried video upload was logged and counted as another operation.
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(path).UsingPost())
                .InScenario("retry").WillSetStateTo("ok")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithBody("{\"error\":{\"code\":\"busy\",\"message\":\"try later\"}}"));
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath(path).UsingPost())
                .InScenario("retry").WhenStateIs("ok")
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody(UploadVideoTests.VideoUploadAnswer()));
            var logger = new RecordingLogger<KlingVideoClient>();
            using var client = new KlingVideoClient(new HttpClient(), _server.Options(o => o.Retry = new KlingRetryOptions()), _clock, logger: logger);

            Task upload = video
                ? client.UploadVideoAsync(new System.IO.MemoryStream(TestVideos.Mp4), "clip.mp4")
                : client.UploadImageAsync(new System.IO.MemoryStream(TestImages.Png), "portrait.png");
            await _clock.DriveAsync(upload, TimeSpan.FromSeconds(30));
            await upload;

            var retry = Assert.Single(logger.Entries, e => e.Id.Id == 4);
            Assert.StartsWith($"Retrying the {operation} in ", retry.Message, StringComparison.Ordinal);
            Assert.Equal(new object?[] { telemetryName }, _retriedOperations);
            Assert.Single(_stopped, a => a.DisplayName == "KlingO1 " + operation);
        }

        private static string Task(string status, int progress, long created, long? completedAt = null)
            => $"{{\"id\":\"{TaskId}\",\"status\":\"{status}\",\"progress\":{progress},\"created_at\":{created}"
                + (completedAt is { } at
                    ? $",\"completed_at\":{at},\"expires_at\":{at + 86_400},\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/v.mp4\"}}]}}}}"
                    : "}");
    }
}
