using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Observability;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Media;
using KlingO1.Tests.Transport.Resilience;

namespace KlingO1.Tests.Observability
{
    /// <summary>
    /// What an OpenTelemetry collector receives, captured as it would be (an <see cref="ActivityListener"/> and a
    /// <see cref="MeterListener"/> on the SDK's source and meter): each span's name, kind, parent, attributes and status,
    /// and each measurement's instrument, unit and tags, by the semantic conventions (HTTP, URL, error, GenAI). Runs
    /// alone: the source and meter are process-wide. Each test's calls run under its own root span, and only spans of
    /// that trace are kept.
    /// </summary>
    [Collection(nameof(MemoryMeasurement))]
    public sealed class CollectorTelemetryTests : IDisposable
    {
        private const string TaskId = "video_otel_1";
        private const string FileHost = "https://files.kling.test";
        private const string CollectorSourceName = "KlingO1.Tests.Collector";
        private static readonly ActivitySource TestSource = new(CollectorSourceName);
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ConcurrentQueue<Measurement> _measurements = new();
        private Activity _root = null!;

        public CollectorTelemetryTests()
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name is KlingTelemetry.ActivitySourceName or CollectorSourceName,
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
            _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            _meters.Start();
        }

        public void Dispose()
        {
            _root?.Dispose();
            _activities.Dispose();
            _meters.Dispose();
            _handler.Dispose();
        }

        [Fact]
        public async Task Submit_IsOneInternalSpanWithHttpAndGenAiAttributes()
        {
            _handler.OnSubmit(Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Traced(() => client.StartGenerationAsync(new VideoGenerationRequest("A secret storyboard about a lighthouse")));

            var span = Assert.Single(Spans());
            Assert.Equal("KlingO1 submit", span.DisplayName);
            Assert.Equal(ActivityKind.Internal, span.Kind);
            Assert.Equal(_root.SpanId, span.ParentSpanId);
            AssertTags(
                span,
                ("klingo1.operation", "submit"),
                ("http.request.method", "POST"),
                ("server.address", "api.kling.test"),
                ("server.port", 443),
                ("url.full", "https://api.kling.test/v1/videos/generations"),
                ("http.response.status_code", 200),
                ("gen_ai.operation.name", "generate_content"),
                ("gen_ai.provider.name", "toapis"),
                ("gen_ai.request.model", "kling-video-o1"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("error.type"));
            var submits = Assert.Single(_measurements, m => m.Name == "klingo1.submits");
            Assert.Equal(("{request}", 1.0), (submits.Unit, submits.Value));
            Assert.Empty(submits.Tags);
            AssertNoSecrets();
        }

        [Fact]
        public async Task StatusRead_IsOneInternalSpanWithTheTaskAddress()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 40));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Traced(() => client.GetTaskAsync(TaskId));

            var span = Assert.Single(Spans());
            Assert.Equal("KlingO1 status read", span.DisplayName);
            Assert.Equal(ActivityKind.Internal, span.Kind);
            Assert.Equal(_root.SpanId, span.ParentSpanId);
            AssertTags(
                span,
                ("klingo1.operation", "status_read"),
                ("http.request.method", "GET"),
                ("server.address", "api.kling.test"),
                ("server.port", 443),
                ("url.full", "https://api.kling.test/v1/videos/generations/" + TaskId),
                ("http.response.status_code", 200));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("gen_ai.operation.name"));
            var reads = Assert.Single(_measurements, m => m.Name == "klingo1.status_reads");
            Assert.Equal(("{request}", 1.0), (reads.Unit, reads.Value));
            AssertNoSecrets();
        }

        [Fact]
        public async Task StatusRead404_FailsTheSpanWithTheStatusAsErrorType()
        {
            _handler.OnRead(TaskId, Respond.Error(404, "task_not_found"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Assert.ThrowsAsync<KlingNotFoundException>(() => Traced(() => client.GetTaskAsync(TaskId)));

            var span = Assert.Single(Spans());
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Null(span.StatusDescription);
            Assert.Equal("404", span.GetTagItem("error.type"));
            Assert.Equal(404, span.GetTagItem("http.response.status_code"));
            Assert.DoesNotContain(_measurements, m => m.Name == "klingo1.retries");
            AssertNoSecrets();
        }

        [Fact]
        public async Task RetriedStatusRead_IsOneSpanEndingWithTheLastAnswer_AndARetryTaggedWithTheOperation()
        {
            _handler.OnRead(TaskId, Respond.Error(503, "busy"), Respond.Task(TaskId, "queued"));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Traced(() => client.GetTaskAsync(TaskId));

            var span = Assert.Single(Spans());
            Assert.Equal("KlingO1 status read", span.DisplayName);
            Assert.Equal(200, span.GetTagItem("http.response.status_code"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("error.type"));
            var retry = Assert.Single(_measurements, m => m.Name == "klingo1.retries");
            Assert.Equal(("{retry}", 1.0), (retry.Unit, retry.Value));
            Assert.Equal(new[] { new KeyValuePair<string, object?>("klingo1.operation", "status_read") }, retry.Tags);
            Assert.Equal(2.0, _measurements.Where(m => m.Name == "klingo1.status_reads").Sum(m => m.Value));
            AssertNoSecrets();
        }

        [Fact]
        public async Task ReadThatNeverConnects_FailsTheSpanWithTheExceptionTypeAndNoStatusCode()
        {
            _handler.OnRead(TaskId, Respond.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Assert.ThrowsAsync<HttpRequestException>(() => Traced(() => client.GetTaskAsync(TaskId)));

            var span = Assert.Single(Spans());
            Assert.Equal(ActivityStatusCode.Error, span.Status);
            Assert.Equal("System.Net.Http.HttpRequestException", span.GetTagItem("error.type"));
            Assert.Null(span.GetTagItem("http.response.status_code"));
            Assert.Equal(
                new object?[] { "status_read", "status_read", "status_read" },
                _measurements.Where(m => m.Name == "klingo1.retries").Select(m => m.Tags.Single(t => t.Key == "klingo1.operation").Value));
        }

        [Fact]
        public async Task ImageUpload_IsOneInternalSpanNamedForItsEndpoint()
        {
            _handler.On("POST", ScriptedHandler.Uploads, Respond.Status(200, Payloads.Read("upload-response.json")));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Traced(() => client.UploadImageAsync(new MemoryStream(TestImages.Png), "portrait.png"));

            var span = Assert.Single(Spans());
            Assert.Equal("KlingO1 image upload", span.DisplayName);
            Assert.Equal(ActivityKind.Internal, span.Kind);
            AssertTags(
                span,
                ("klingo1.operation", "upload_image"),
                ("http.request.method", "POST"),
                ("url.full", "https://api.kling.test/v1/uploads/images"),
                ("http.response.status_code", 200));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            AssertNoSecrets();
        }

        [Fact]
        public async Task Download_HasTheFileHostsStatusAndItsSignedAddressWithoutQueryValues()
        {
            _handler.On("GET", "/videos/v.mp4", Respond.Bytes(TestVideos.Mp4));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var destination = new MemoryStream();
            var signed = new Uri(FileHost + "/videos/v.mp4?X-Amz-Credential=AKIA123&X-Amz-Signature=f00dfeed&Expires=1768466914");

            await Traced(() => client.DownloadVideoAsync(CompletedTask(signed), destination));

            var span = Assert.Single(Spans());
            Assert.Equal("KlingO1 video download", span.DisplayName);
            Assert.Equal(ActivityKind.Internal, span.Kind);
            Assert.Equal(_root.SpanId, span.ParentSpanId);
            AssertTags(
                span,
                ("klingo1.operation", "download_video"),
                ("http.request.method", "GET"),
                ("server.address", "files.kling.test"),
                ("server.port", 443),
                ("url.full", FileHost + "/videos/v.mp4?X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&Expires=REDACTED"),
                ("http.response.status_code", 200));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            AssertNoSecrets();
            Assert.All(Spans(), s => Assert.DoesNotContain("f00dfeed", s.GetTagItem("url.full") as string, StringComparison.Ordinal));
        }

        [Fact]
        public async Task DownloadRefusedTwice_EachFetchFailsWithTheFileHostsStatus()
        {
            _handler.On("GET", "/videos/v.mp4", Respond.Status(403, "denied"));
            _handler.OnRead("video_dl", Respond.Status(200, Respond.CompletedJson("video_dl").Replace("https://files.kling.test/video_dl.mp4", FileHost + "/videos/v.mp4", StringComparison.Ordinal)));
            using var client = ResilientClients.InMemory(_handler, _clock);
            using var destination = new MemoryStream();

            await Assert.ThrowsAsync<KlingApiException>(() => Traced(() => client.DownloadVideoAsync(CompletedTask(new Uri(FileHost + "/videos/v.mp4"), "video_dl"), destination)));

            var fetches = Spans().Where(s => s.DisplayName == "KlingO1 video download").ToArray();
            Assert.Equal(2, fetches.Length);
            Assert.All(fetches, f => Assert.Equal((ActivityStatusCode.Error, (object?)"403", (object?)403), (f.Status, f.GetTagItem("error.type"), f.GetTagItem("http.response.status_code"))));
        }

        [Fact]
        public async Task Wait_IsAnInternalSpanOverItsReads_WithTaskLevelMeasures()
        {
            _handler.OnRead(TaskId, Respond.Task(TaskId, "in_progress", 50), Respond.Completed(TaskId));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Traced(() => client.WaitForCompletionAsync(TaskId));

            var spans = Spans();
            var wait = Assert.Single(spans, s => s.DisplayName == "KlingO1 wait");
            Assert.Equal(ActivityKind.Internal, wait.Kind);
            Assert.Equal(_root.SpanId, wait.ParentSpanId);
            AssertTags(wait, ("klingo1.operation", "wait"), ("klingo1.task_id", TaskId), ("klingo1.status", "completed"), ("klingo1.polls", 2));
            Assert.Equal(ActivityStatusCode.Unset, wait.Status);
            var reads = spans.Where(s => s.DisplayName == "KlingO1 status read").ToArray();
            Assert.Equal(2, reads.Length);
            Assert.All(reads, r => Assert.Equal(wait.SpanId, r.ParentSpanId));
            var polls = Assert.Single(_measurements, m => m.Name == "klingo1.wait.polls");
            Assert.Equal(("{request}", 2.0), (polls.Unit, polls.Value));
            Assert.All(_measurements.Where(m => m.Name is "klingo1.task.running" or "klingo1.wait.detection_lag"), m => Assert.Equal("s", m.Unit));
            Assert.Contains(_measurements, m => m.Name == "klingo1.wait.detection_lag");
            AssertNoSecrets();
        }

        [Fact]
        public async Task WaitForAFailedTask_FailsTheWaitSpanWithTheExceptionType()
        {
            _handler.OnRead(TaskId, Respond.Status(200, Respond.FailedJson(TaskId)));
            using var client = ResilientClients.InMemory(_handler, _clock);

            await Assert.ThrowsAsync<VideoTaskFailedException>(() => Traced(() => client.WaitForCompletionAsync(TaskId)));

            var wait = Assert.Single(Spans(), s => s.DisplayName == "KlingO1 wait");
            Assert.Equal(ActivityStatusCode.Error, wait.Status);
            Assert.Equal("KlingO1.VideoTaskFailedException", wait.GetTagItem("error.type"));
            var read = Assert.Single(Spans(), s => s.DisplayName == "KlingO1 status read");
            Assert.Equal(ActivityStatusCode.Unset, read.Status);
        }

        [Fact]
        public void EveryInstrument_HasAUnit()
        {
            System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(Instruments).TypeHandle);
            var units = new ConcurrentDictionary<string, string?>();
            using var listener = new MeterListener
            {
                InstrumentPublished = (instrument, _) =>
                {
                    if (instrument.Meter.Name == KlingTelemetry.MeterName)
                    {
                        units[instrument.Name] = instrument.Unit;
                    }
                },
            };
            listener.Start();

            Assert.Equal(
                new Dictionary<string, string?>
                {
                    ["klingo1.retries"] = "{retry}",
                    ["klingo1.status_reads"] = "{request}",
                    ["klingo1.submits"] = "{request}",
                    ["klingo1.task.queued"] = "s",
                    ["klingo1.task.running"] = "s",
                    ["klingo1.wait.detection_lag"] = "s",
                    ["klingo1.wait.polls"] = "{request}",
                },
                new SortedDictionary<string, string?>(units, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("https://api.kling.test/v1/videos/generations/video_1", "https://api.kling.test/v1/videos/generations/video_1")]
        [InlineData("https://user:secret@files.example.com/v.mp4?sig=abc#t=1", "https://REDACTED:REDACTED@files.example.com/v.mp4?sig=REDACTED")]
        [InlineData("http://127.0.0.1:5080/v1/balance?token", "http://127.0.0.1:5080/v1/balance?token=REDACTED")]
        public void UrlFull_CarriesNoCredentialsNorQueryValues(string address, string expected)
            => Assert.Equal(expected, TelemetryTags.RedactedUrl(new Uri(address)));

        /// <summary>Runs the call under the test's own root span (the application's span a collector would see above the SDK's).</summary>
        private async Task Traced(Func<Task> call)
        {
            _root = TestSource.StartActivity("test")!;
            try
            {
                var task = call();
                await _clock.DriveAsync(task, TimeSpan.FromSeconds(30));
                await task;
            }
            finally
            {
                _root.Stop();
            }
        }

        private Activity[] Spans()
            => _stopped.Where(a => a.Source.Name == KlingTelemetry.ActivitySourceName && a.TraceId == _root.TraceId).ToArray();

        private VideoTask CompletedTask(Uri video, string id = TaskId)
        {
            var now = _clock.GetUtcNow();
            return new VideoTask(id, "kling-video-o1", VideoTaskStatus.Completed, 100, now.AddMinutes(-5), now.AddMinutes(-1), now.AddHours(23), video, null, null);
        }

        private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct
            => _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray()));

        private static void AssertTags(Activity span, params (string Key, object Value)[] expected)
        {
            foreach (var (key, value) in expected)
            {
                Assert.True(Equals(value, span.GetTagItem(key)), $"{span.DisplayName}: {key} = {span.GetTagItem(key) ?? "(none)"}, expected {value}");
            }
        }

        /// <summary>No attribute of any span or measurement carries the API key, an Authorization value, or URL credentials.</summary>
        private void AssertNoSecrets()
        {
            var attributes = Spans().SelectMany(s => s.TagObjects).Concat(_measurements.SelectMany(m => m.Tags)).ToArray();
            Assert.NotEmpty(attributes);
            Assert.All(attributes, tag =>
            {
                Assert.DoesNotContain("authorization", tag.Key, StringComparison.OrdinalIgnoreCase);
                var text = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain(KlingServerFixture.ApiKey, text, StringComparison.Ordinal);
                Assert.DoesNotContain("Bearer", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("lighthouse", text, StringComparison.Ordinal);
            });
            Assert.All(Spans(), s => Assert.DoesNotContain("@", (string)s.GetTagItem("url.full")!, StringComparison.Ordinal));
        }

        private sealed record Measurement(string Name, string? Unit, double Value, KeyValuePair<string, object?>[] Tags);
    }
}
