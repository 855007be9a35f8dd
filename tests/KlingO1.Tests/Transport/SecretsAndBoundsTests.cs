using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Media;
using Xunit.Abstractions;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// Nothing the SDK builds from an answer carries the API key, whatever field echoes it, and nothing it reads of an
    /// answer is unbounded: a huge status body or file-host refusal costs a fixed amount.
    /// </summary>
    [Collection(nameof(MemoryMeasurement))]
    public sealed class SecretsAndBoundsTests
    {
        private const string Key = KlingServerFixture.ApiKey;
        private const string TaskId = "video_secret";
        private readonly ITestOutputHelper _output;

        public SecretsAndBoundsTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(400)]
        [InlineData(503)]
        public async Task GetTaskAsync_KeyEchoedInEveryErrorFieldAndTheRequestId_AppearsNowhere(int status)
        {
            using var client = Client(_ => Echoing(status));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            foreach (var text in new[] { ex.Message, ex.ToString(), ex.ErrorCode, ex.ErrorType, ex.ErrorParameter, ex.ErrorMessage, ex.RequestId, ex.ResponseBodySnippet })
            {
                Assert.DoesNotContain(Key, text ?? string.Empty, StringComparison.Ordinal);
            }

            Assert.Equal("***", ex.ErrorCode);
            Assert.Equal("req-***", ex.RequestId);
        }

        [Fact]
        public async Task WaitForCompletionAsync_PassingFailureEchoingTheKey_TheAbsorbedLineDoesNotCarryIt()
        {
            var clock = new ManualClock();
            var logger = new RecordingLogger<KlingVideoClient>();
            var reads = 0;
            using var client = new KlingVideoClient(
                new HttpClient(new ScriptedHandler(_ => ++reads == 1 ? Echoing(503) : Json(200, $"{{\"id\":\"{TaskId}\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380224,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://files.example.com/v.mp4\"}}]}}}}"))),
                Options(),
                clock,
                logger: logger);

            var wait = client.WaitForCompletionAsync(TaskId);
            await clock.DriveAsync(wait, TimeSpan.FromMinutes(1));
            await wait;

            Assert.Contains(logger.Entries, e => e.Message.Contains("failed in passing", StringComparison.Ordinal));
            Assert.All(logger.Entries, e => Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal));
        }

        [Fact]
        public async Task GetTaskAsync_FailedTaskWhoseErrorEchoesTheKey_ItAppearsNowhere()
        {
            using var client = Client(_ => Json(200, $"{{\"id\":\"{TaskId}\",\"status\":\"failed\",\"progress\":0,\"created_at\":1768380224,\"model\":\"{Key}\",\"error\":{{\"code\":\"{Key}\",\"message\":\"bad key {Key}\"}}}}"));

            var task = await client.GetTaskAsync(TaskId);
            var failed = new VideoTaskFailedException(task);

            foreach (var text in new[] { task.ToString(), task.Error!.Code, task.Error.Message, task.Model, failed.Message, failed.ToString() })
            {
                Assert.DoesNotContain(Key, text ?? string.Empty, StringComparison.Ordinal);
            }

            Assert.Equal("bad key ***", task.Error.Message);
        }

        [Fact]
        public async Task GetTaskAsync_KeyQuotedByAConverterInTheInnerException_AppearsNowhere()
        {
            using var client = Client(_ => Json(200, $"{{\"id\":\"{TaskId}\",\"status\":\"in_progress\",\"progress\":\"{Key}\",\"created_at\":1768380224}}"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            Assert.NotNull(ex.InnerException);
            Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_KeyWrittenInJsonEscapes_IsMaskedInTheSnippetAndFields()
        {
            var escaped = string.Concat(Key.Select(c => c == '-' ? "\\u002d" : c.ToString()));
            using var client = Client(_ => Json(400, $"{{\"error\":{{\"code\":\"invalid_request\",\"message\":\"key {escaped} refused\"}}}}"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            Assert.Contains("-", Key, StringComparison.Ordinal);
            Assert.DoesNotContain(Key, ex.ResponseBodySnippet!, StringComparison.Ordinal);
            Assert.DoesNotContain(escaped, ex.ResponseBodySnippet!, StringComparison.Ordinal);
            Assert.Contains("key *** refused", ex.ResponseBodySnippet!, StringComparison.Ordinal);
            Assert.Equal("key *** refused", ex.ErrorMessage);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(500)]
        [InlineData(2000)]
        [InlineData(2040)]
        [InlineData(2052)]
        public async Task GetTaskAsync_KeyAfterLongWhiteSpaceInTheBody_NoPartOfItSurvivesInTheSnippet(int spaces)
        {
            using var client = Client(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)
            {
                Content = new StringContent(new string(' ', spaces) + Key + " upstream failed", Encoding.UTF8, "text/plain"),
            });

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));

            // No run of eight characters of the key, anywhere.
            for (var start = 0; start + 8 <= Key.Length; start++)
            {
                Assert.DoesNotContain(Key.Substring(start, 8), ex.ToString(), StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task GetTaskAsync_500MegabyteStatusBody_IsRefusedAfterABoundedRead()
        {
            const long Huge = 500L * 1024 * 1024;
            using var client = Client(_ => ScriptedHandler.Body(new SyntheticBody(Huge), Huge));

            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var ex = await Record.ExceptionAsync(() => client.GetTaskAsync(TaskId));
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            _output.WriteLine($"allocated {allocated:N0} bytes for a {Huge:N0}-byte status body: {ex?.GetType().Name}: {ex?.Message}");
            Assert.IsAssignableFrom<HttpRequestException>(ex);
            Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated:N0} bytes");
        }

        [Fact]
        public async Task DownloadVideoAsync_300MegabyteRefusalBody_BuildsItsSnippetFromAPrefix()
        {
            const long Huge = 300L * 1024 * 1024;
            using var client = Client(request => request.RequestUri!.Host == "files.example.com"
                ? new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StreamContent(new SyntheticBody(Huge)) }
                : Json(404, "{}"));
            var task = KlingVideoModelFactory.VideoTask(TaskId, VideoTaskStatus.Completed, videoUrl: new Uri("https://files.example.com/v.mp4"));

            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.DownloadVideoAsync(task, new CountingStream()));
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            _output.WriteLine($"allocated {allocated:N0} bytes for a {Huge:N0}-byte refusal body");
            Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
            Assert.NotNull(ex.ResponseBodySnippet);
            Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes");
        }

        private static KlingVideoClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer)
            => new(new ScriptedHandler(answer), Options(), disposeHandler: true);

        private static KlingVideoClientOptions Options()
            => new() { ApiKey = Key, Retry = new KlingRetryOptions { MaxAttempts = 1 }, Polling = new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff } };

        private static HttpResponseMessage Echoing(int status)
        {
            var response = Json(status, $"{{\"error\":{{\"code\":\"{Key}\",\"type\":\"{Key}\",\"param\":\"{Key}\",\"message\":\"bad key {Key}\"}}}}");
            response.Headers.TryAddWithoutValidation("x-request-id", "req-" + Key);
            return response;
        }

        private static HttpResponseMessage Json(int status, string body)
            => new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
