using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The simulator on loopback, driven on virtual time: a ManualClock shared by the simulator and the SDK client moves
    /// tasks forward (their state is computed from the clock on every read), so nothing here waits for real time.
    /// </summary>
    public sealed class KlingSimulatorTests : IDisposable
    {
        private const string GenerationsPath = "v1/videos/generations";
        // The longest timer a wait arms: while the end is far, up to four 15 s longest intervals (issue 17).
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15 * KlingO1.Polling.ProgressAwareSchedule.FarIntervals);

        // A real 1x1 PNG.
        private static readonly byte[] Png = Convert.FromBase64String(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

        private readonly ManualClock _clock = new();
        private readonly HttpClient _http = new();

        public static TheoryData<string, string> InvalidSubmits => new()
        {
            { """{"model":"kling-video-x","prompt":"A cat"}""", "model" },
            { """{"prompt":"A cat"}""", "model" },
            { """{"model":"kling-video-o1","prompt":""}""", "prompt" },
            { """{"model":"kling-video-o1","prompt":"   "}""", "prompt" },
            { """{"model":"kling-video-o1"}""", "prompt" },
            { """{"model":"kling-video-o1","prompt":"A cat","mode":"ultra"}""", "mode" },
            { """{"model":"kling-video-o1","prompt":"A cat","duration":11}""", "duration" },
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["https://example.com/1.jpg"],"duration":7}""", "duration" },
            { """{"model":"kling-video-o1","prompt":"A cat","duration":"5"}""", "duration" },
            { """{"model":"kling-video-o1","prompt":"A cat","aspect_ratio":"4:3"}""", "aspect_ratio" },
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["data:image/png;base64,iVBORw0KGgo="]}""", "image_urls" },
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["ftp://example.com/a.png"]}""", "image_urls" },
            { SubmitBody("<<<image_1>>> and friends", Enumerable.Range(1, 8).Select(i => $"https://example.com/{i}.jpg")), "image_urls" },
            { SubmitBody("<<<image_1>>> meets <<<image_3>>>", new[] { "https://example.com/1.jpg", "https://example.com/2.jpg" }), "prompt" },
        };

        public void Dispose() => _http.Dispose();

        // ---------------------------------------------------------------- lifecycle, end to end

        [Fact]
        public async Task GenerateAsync_OnVirtualTime_GoesQueuedThenInProgressThenCompletedWithVideoOnFileHost()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var progress = new RecordingProgress();
            var started = _clock.GetUtcNow();

            var generate = client.GenerateAsync(new VideoGenerationRequest("A red fox runs through fresh snow"), progress);
            await _clock.DriveAsync(generate, LongestInterval);
            var task = await generate;

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(100, task.Progress);
            Assert.Equal(new[] { "queued", "in_progress", "completed" }, progress.Reports.Select(r => r.Status.Value).Distinct());
            Assert.Equal("queued 0", $"{progress.Reports[0].Status} {progress.Reports[0].Progress}");
            var running = progress.Reports.Where(r => r.Status == VideoTaskStatus.InProgress).Select(r => r.Progress).ToArray();
            Assert.True(running.Length >= 2, "expected several in_progress reports, got " + string.Join(",", running));
            Assert.All(running, p => Assert.InRange(p, 1, 99));
            Assert.Equal(running.OrderBy(p => p).Distinct(), running);

            var video = task.VideoUrl!;
            Assert.Equal(simulator.BaseAddress.GetLeftPart(UriPartial.Authority), video.GetLeftPart(UriPartial.Authority));
            Assert.Equal("/files/videos/" + task.Id + "/output.mp4", video.AbsolutePath);
            Assert.NotNull(task.CompletedAt);
            Assert.InRange(task.CompletedAt!.Value, started, _clock.GetUtcNow());
            Assert.Equal(task.CompletedAt + TimeSpan.FromHours(24), task.ExpiresAt);
            Assert.Equal(started, task.CreatedAt);

            var created = Assert.Single(simulator.Tasks);
            Assert.Equal(task.Id, created.Id);
            Assert.Equal("std", created.Mode);
            Assert.Equal(5, created.DurationSeconds);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
            Assert.All(simulator.Requests, r => Assert.Equal(200, r.StatusCode));
            Assert.All(simulator.Requests, r => Assert.True(r.HadAuthorization));
        }

        [Fact]
        public async Task GetTaskAsync_ModeAndDuration_DecideHowLongTheSimulatorTakes()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var std5 = await client.StartGenerationAsync(Request(VideoMode.Standard, VideoDuration.FiveSeconds));
            var pro5 = await client.StartGenerationAsync(Request(VideoMode.Professional, VideoDuration.FiveSeconds));
            var std10 = await client.StartGenerationAsync(Request(VideoMode.Standard, VideoDuration.TenSeconds));
            var pro10 = await client.StartGenerationAsync(Request(VideoMode.Professional, VideoDuration.TenSeconds));
            var reads = new[] { std5, pro5, std10, pro10 }.Select(t => (Func<Task<VideoTask>>)(() => client.GetTaskAsync(t.Id))).ToArray();

            var took = await TimeToFinishAsync(reads, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

            Assert.True(took[0] < took[1], $"std 5 s ({took[0]}) should finish before pro 5 s ({took[1]})");
            Assert.True(took[0] < took[2], $"std 5 s ({took[0]}) should finish before std 10 s ({took[2]})");
            Assert.True(took[1] < took[3], $"pro 5 s ({took[1]}) should finish before pro 10 s ({took[3]})");
            Assert.True(took[2] < took[3], $"std 10 s ({took[2]}) should finish before pro 10 s ({took[3]})");

            // The documented figures: a standard 5-second clip in about a minute, a professional 10-second one in about four.
            Assert.InRange(took[0], TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(90));
            Assert.InRange(took[3], TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5));
        }

        [Fact]
        public async Task GetTaskAsync_CompletedTask_ReportsCompletedAtMatchingWhenItFinished()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A lighthouse at dusk"));

            var took = await TimeToFinishAsync(new Func<Task<VideoTask>>[] { () => client.GetTaskAsync(submitted.Id) }, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
            var task = await client.GetTaskAsync(submitted.Id);

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.InRange(task.CompletedAt!.Value - task.CreatedAt, took[0] - TimeSpan.FromSeconds(1), took[0]);
            Assert.Equal(task.CompletedAt.Value.AddSeconds(86_400), task.ExpiresAt);
        }

        [Fact]
        public async Task GetTaskAsync_TimeScaleTwo_FinishesInHalfTheTime()
        {
            await using var normal = await StartAsync();
            await using var fast = await StartAsync(timeScale: 2);
            using var normalClient = Client(normal);
            using var fastClient = Client(fast);
            var slowTask = await normalClient.StartGenerationAsync(new VideoGenerationRequest("A paper boat on a stream"));
            var fastTask = await fastClient.StartGenerationAsync(new VideoGenerationRequest("A paper boat on a stream"));

            var took = await TimeToFinishAsync(
                new Func<Task<VideoTask>>[] { () => normalClient.GetTaskAsync(slowTask.Id), () => fastClient.GetTaskAsync(fastTask.Id) },
                TimeSpan.FromSeconds(1),
                TimeSpan.FromMinutes(5));

            Assert.InRange(took[1].TotalSeconds, (took[0].TotalSeconds / 2) - 1, (took[0].TotalSeconds / 2) + 1);
        }

        [Fact]
        public async Task GetTaskAsync_WhileRunning_ProgressNeverGoesBackwards()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("Waves on a rocky shore"));
            var seen = new List<VideoTask>();

            while (seen.Count == 0 || !seen[^1].IsTerminal)
            {
                _clock.Advance(TimeSpan.FromSeconds(3));
                seen.Add(await client.GetTaskAsync(submitted.Id));
                Assert.True(seen.Count < 200, "the task never ended");
            }

            var progress = seen.Select(t => t.Progress).ToArray();
            Assert.Equal(progress.OrderBy(p => p), progress);
            Assert.All(seen.Where(t => t.Status == VideoTaskStatus.Queued), t => Assert.Equal(0, t.Progress));
            Assert.All(seen.Where(t => t.Status == VideoTaskStatus.InProgress), t => Assert.InRange(t.Progress, 1, 99));
            Assert.Equal(VideoTaskStatus.Completed, seen[^1].Status);
        }

        [Fact]
        public async Task GenerateAsync_PromptWithFailureMarker_ThrowsTaskFailedWithContentPolicyError()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);

            var generate = client.GenerateAsync(new VideoGenerationRequest("A scene that breaks the rules [fail]"));
            await _clock.DriveAsync(generate, LongestInterval);
            var ex = await Assert.ThrowsAsync<VideoTaskFailedException>(() => generate);

            Assert.Equal(VideoTaskStatus.Failed, ex.Task.Status);
            Assert.Equal("generation_failed", ex.ErrorCode);
            Assert.Equal("Generation failed: Content violates the content policy", ex.ErrorMessage);
            Assert.Equal(0, ex.Task.Progress);
            Assert.Null(ex.Task.VideoUrl);
            var created = Assert.Single(simulator.Tasks);
            Assert.Equal(ex.TaskId, created.Id);
            Assert.True(created.WillFail);
        }

        [Fact]
        public async Task GetTaskAsync_FailedTask_IsHttp200WithErrorAndVideoUrlIsNotServed()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("[FAIL] marker in capitals"));

            _clock.Advance(TimeSpan.FromMinutes(10));
            var (status, body) = await SendAsync(simulator, HttpMethod.Get, GenerationsPath + "/" + submitted.Id);
            using var video = await _http.GetAsync(new Uri(simulator.BaseAddress, "files/videos/" + submitted.Id + "/output.mp4"));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("failed", body.GetProperty("status").GetString());
            Assert.Equal(0, body.GetProperty("progress").GetInt32());
            Assert.Equal("generation_failed", body.GetProperty("error").GetProperty("code").GetString());
            Assert.False(body.TryGetProperty("result", out _));
            Assert.Equal(HttpStatusCode.NotFound, video.StatusCode);
        }

        // ---------------------------------------------------------------- validation

        [Fact]
        public async Task Submit_NoAuthorization_Is401InTheServiceShape()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, GenerationsPath, Json(SubmitBody("A cat")), authorization: null);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            var error = body.GetProperty("error");
            Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
            Assert.Equal(401, error.GetProperty("code").GetInt32());
            Assert.Equal("authentication_error", error.GetProperty("type").GetString());
            Assert.Empty(simulator.Tasks);
            Assert.False(Assert.Single(simulator.Requests).HadAuthorization);
        }

        [Theory]
        [InlineData("Bearer wrong_key")]
        [InlineData("Bearer")]
        [InlineData("Basic c2ltX3Rlc3Rfa2V5")]
        [InlineData("sim_test_key")]
        public async Task Submit_IncorrectAuthorization_Is401(string authorization)
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, GenerationsPath, Json(SubmitBody("A cat")), authorization);

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal(401, body.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task SubmitAsync_WrongApiKey_ThrowsAuthenticationException()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, apiKey: "not_the_key");

            var ex = await Assert.ThrowsAsync<KlingAuthenticationException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
            Assert.Equal("401", ex.ErrorCode);
            Assert.Equal("authentication_error", ex.ErrorType);
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task GetTaskAsync_WrongApiKey_ThrowsAuthenticationException()
        {
            await using var simulator = await StartAsync();
            using var good = Client(simulator);
            using var bad = Client(simulator, apiKey: "not_the_key");
            var submitted = await good.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            await Assert.ThrowsAsync<KlingAuthenticationException>(() => bad.GetTaskAsync(submitted.Id));
        }

        [Theory]
        [MemberData(nameof(InvalidSubmits))]
        public async Task Submit_InvalidBody_Is400InvalidRequestNamingTheField(string json, string param)
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, GenerationsPath, Json(json));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            var error = body.GetProperty("error");
            Assert.Equal("invalid_request", error.GetProperty("code").GetString());
            Assert.Equal(param, error.GetProperty("param").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task Submit_BodyNotJson_Is400InvalidRequest()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, GenerationsPath, Json("{not json"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_request", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task Submit_SevenImagesAllReferenced_IsAccepted()
        {
            await using var simulator = await StartAsync();
            var images = Enumerable.Range(1, 7).Select(i => $"https://example.com/{i}.jpg").ToArray();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, GenerationsPath, Json(SubmitBody("<<<image_1>>> then <<<image_7>>>", images)));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("queued", body.GetProperty("status").GetString());
            Assert.Equal(images, Assert.Single(simulator.Tasks).ImageUrls);
        }

        [Fact]
        public async Task SubmitAsync_UnknownModelOption_ThrowsInvalidRequestNamingModel()
        {
            await using var simulator = await StartAsync();
            using var client = new KlingVideoClient(
                _http, new KlingVideoClientOptions { ApiKey = simulator.ApiKey, BaseAddress = simulator.BaseAddress, Model = "kling-video-x" }, _clock);

            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.Equal("invalid_request", ex.ErrorCode);
            Assert.Equal("model", ex.ErrorParameter);
        }

        [Fact]
        public async Task SubmitAsync_RequestFromTheSdk_IsStoredAsSent()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var request = new VideoGenerationRequest("The person waves", new[] { new Uri("https://example.com/portrait.jpg") })
            {
                Mode = VideoMode.Professional,
                Duration = VideoDuration.TenSeconds,
                AspectRatio = AspectRatio.Portrait,
            };

            var task = (await client.StartGenerationAsync(request)).Latest!;

            Assert.Equal(VideoTaskStatus.Queued, task.Status);
            Assert.Equal(0, task.Progress);
            Assert.StartsWith("video_", task.Id, StringComparison.Ordinal);
            var stored = Assert.Single(simulator.Tasks);
            Assert.Equal("<<<image_1>>> The person waves", stored.Prompt);
            Assert.Equal("pro", stored.Mode);
            Assert.Equal(10, stored.DurationSeconds);
            Assert.Equal("9:16", stored.AspectRatio);
            Assert.Equal(new[] { "https://example.com/portrait.jpg" }, stored.ImageUrls);
        }

        [Fact]
        public async Task GetTaskAsync_UnknownTaskId_ThrowsNotFound()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);

            var ex = await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync("video_does_not_exist"));

            Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
            Assert.Equal("404", ex.ErrorCode);
            Assert.Equal("Task not found", ex.ErrorMessage);
        }

        [Fact]
        public async Task GetTask_UnknownTaskId_Is404WithNumericCode()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Get, GenerationsPath + "/video_does_not_exist");

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(404, body.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal("not_found_error", body.GetProperty("error").GetProperty("type").GetString());
        }

        // ---------------------------------------------------------------- uploads

        [Fact]
        public async Task Upload_PngInFileField_ReturnsUploadWhoseUrlServesTheSameBytes()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, "v1/uploads/images", Multipart(Png, "image.png", "image/png"));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.GetProperty("success").GetBoolean());
            var data = body.GetProperty("data");
            Assert.False(string.IsNullOrEmpty(data.GetProperty("id").GetString()));
            Assert.Equal("image/png", data.GetProperty("mime_type").GetString());
            Assert.Equal(Png.Length, data.GetProperty("size").GetInt32());
            var url = new Uri(data.GetProperty("url").GetString()!);
            using var served = await _http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/png", served.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        }

        [Fact]
        public async Task Upload_UrlOfUpload_IsAcceptedAsReferenceImage()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var (_, body) = await SendAsync(simulator, HttpMethod.Post, "v1/uploads/images", Multipart(Png, "image.png", "image/png"));
            var url = new Uri(body.GetProperty("data").GetProperty("url").GetString()!);

            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> comes alive", new[] { url }))).Latest!;

            Assert.Equal(VideoTaskStatus.Queued, task.Status);
            Assert.Equal(new[] { url.AbsoluteUri }, Assert.Single(simulator.Tasks).ImageUrls);
        }

        [Fact]
        public async Task Upload_TextFile_IsRefusedAsUnsupportedType()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(
                simulator, HttpMethod.Post, "v1/uploads/images", Multipart(Encoding.UTF8.GetBytes("just some text, not an image"), "notes.png", "image/png"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.StartsWith("Unsupported image type", body.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.False(body.TryGetProperty("data", out _));
        }

        [Fact]
        public async Task Upload_NoFileField_IsRefused()
        {
            await using var simulator = await StartAsync();
            using var form = new MultipartFormDataContent { { new StringContent("generation"), "purpose" } };

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, "v1/uploads/images", form);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.Contains("file", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Upload_Over10Megabytes_IsRefusedAsTooLarge()
        {
            await using var simulator = await StartAsync();
            var big = new byte[(10 * 1024 * 1024) + 1];
            Png.CopyTo(big, 0);

            var (status, body) = await SendAsync(simulator, HttpMethod.Post, "v1/uploads/images", Multipart(big, "big.png", "image/png"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.Equal("Image too large. Maximum size is 10MB", body.GetProperty("message").GetString());
        }

        // ---------------------------------------------------------------- file host

        [Fact]
        public async Task FileHost_CompletedVideo_ServesTheSimulatedMp4WithoutAuthorization()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var task = await CompletedTaskAsync(client);

            using var request = new HttpRequestMessage(HttpMethod.Get, task.VideoUrl);
            using var response = await _http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), bytes);
            Assert.True(bytes.Length > 8);
            Assert.Equal("ftyp", Encoding.ASCII.GetString(bytes, 4, 4));
            Assert.False(simulator.Requests.Single(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)).HadAuthorization);
        }

        [Fact]
        public async Task FileHost_VideoUrlsExpiredFault_Answers403()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var task = await CompletedTaskAsync(client);

            simulator.Faults.VideoUrlsExpired = true;
            using var expired = await _http.GetAsync(task.VideoUrl);
            simulator.Faults.VideoUrlsExpired = false;
            using var again = await _http.GetAsync(task.VideoUrl);

            Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        [Fact]
        public async Task FileHost_24HoursAfterCompletion_Answers403()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var task = await CompletedTaskAsync(client);
            var untilExpiry = task.ExpiresAt!.Value - _clock.GetUtcNow();

            _clock.Advance(untilExpiry - TimeSpan.FromSeconds(1));
            using var justBefore = await _http.GetAsync(task.VideoUrl);
            _clock.Advance(TimeSpan.FromSeconds(2));
            using var after = await _http.GetAsync(task.VideoUrl);

            Assert.Equal(HttpStatusCode.OK, justBefore.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        }

        [Fact]
        public async Task FileHost_VideoOfUnfinishedTask_Answers404()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var task = await client.StartGenerationAsync(new VideoGenerationRequest("Not ready yet"));

            using var response = await _http.GetAsync(new Uri(simulator.BaseAddress, "files/videos/" + task.Id + "/output.mp4"));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // ---------------------------------------------------------------- faults

        [Fact]
        public async Task SubmitAsync_RateLimitSubmitsFault_ThrowsRateLimitWithRetryAfterAndCreatesNoTaskThenNextSubmitWorks()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            simulator.Faults.RateLimitSubmits(1, TimeSpan.FromSeconds(3));

            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            var tasksAfterRefusal = simulator.Tasks.Count;
            var next = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;

            Assert.Equal((HttpStatusCode)429, ex.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
            Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
            Assert.Equal(0, tasksAfterRefusal);
            Assert.Equal(VideoTaskStatus.Queued, next.Status);
            Assert.Equal(next.Id, Assert.Single(simulator.Tasks).Id);
        }

        [Fact]
        public async Task Submit_RateLimitSubmitsFault_SendsRateLimitHeaders()
        {
            await using var simulator = await StartAsync();
            simulator.Faults.RateLimitSubmits(1, TimeSpan.FromSeconds(2.2));
            using var request = Request(simulator, HttpMethod.Post, GenerationsPath, Json(SubmitBody("A cat")), "Bearer " + simulator.ApiKey);

            using var response = await _http.SendAsync(request);

            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
            Assert.Equal("async_submit", response.Headers.GetValues("X-RateLimit-Category").Single());
        }

        [Fact]
        public async Task SubmitAsync_SubmitLimiterUnavailable_Throws503RateLimitUnavailableAndCreatesNoTask()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            simulator.Faults.MakeSubmitLimiterUnavailable(1);

            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal("rate_limit_unavailable", ex.ErrorCode);
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task SubmitAsync_FailRequestsFault_ThrowsOutcomeUnknownWith502ThenWorks()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            simulator.Faults.FailRequests(1, HttpStatusCode.BadGateway);

            // A 502 may come after the service accepted the submit: the SDK reports the outcome as unknown.
            var unknown = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            var ex = Assert.IsType<KlingApiException>(unknown.InnerException);
            var next = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;

            Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
            Assert.Equal(VideoTaskStatus.Queued, next.Status);
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task GetTaskAsync_FailRequestsFault_ThrowsApiException500ThenWorks()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            var task = (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!;
            simulator.Faults.FailRequests(1);

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetTaskAsync(task.Id));
            var again = await client.GetTaskAsync(task.Id);

            Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
            Assert.Equal(task.Id, again.Id);
        }

        [Fact]
        public async Task SubmitAsync_LostSubmitResponse_ThrowsWhileExactlyOneTaskExists()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            simulator.Faults.LoseSubmitResponses(1);

            var ex = await Record.ExceptionAsync(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.NotNull(ex);
            Assert.True(ex is HttpRequestException or KlingException or System.IO.IOException, "unexpected exception " + ex);
            Assert.Single(simulator.Tasks);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
        }

        [Fact]
        public async Task SubmitAsync_LostSubmitResponseOnReusedConnection_IsNotResentAndThrows()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            // Warm a pooled keep-alive connection first: a request lost on a reused connection is where HTTP stacks are
            // tempted to retry on their own, which for a billed submit would create a second task.
            await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync("video_warm_up"));
            simulator.Faults.LoseSubmitResponses(1);

            var ex = await Record.ExceptionAsync(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.NotNull(ex);
            Assert.Single(simulator.Tasks);
            Assert.Single(simulator.Requests, r => r.Method == "POST");
        }

        [Fact]
        public async Task SubmitAsync_LatencyFault_AnswersOnlyAfterTheSimulatorClockMoves()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator);
            simulator.Faults.Latency = TimeSpan.FromSeconds(2);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var due = await _clock.NextTimerAsync(TimeSpan.FromSeconds(5));
            var completedBeforeAdvance = submit.IsCompleted;
            _clock.Advance(due);
            var task = (await submit).Latest!;

            Assert.Equal(TimeSpan.FromSeconds(2), due);
            Assert.False(completedBeforeAdvance);
            Assert.Equal(VideoTaskStatus.Queued, task.Status);
        }

        // ---------------------------------------------------------------- options

        [Theory]
        [InlineData(0.0)]
        [InlineData(-1.0)]
        [InlineData(0.0009)]
        public async Task StartAsync_TimeScaleZeroNegativeOrTooSlow_ThrowsArgumentExceptionNamingIt(double timeScale)
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = timeScale }));

            Assert.Contains("TimeScale", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task StartAsync_SeveralUnusableSettings_NamesEachOne()
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { ApiKey = " ", Port = -1, CreditsPerUsd = 0 }));

            Assert.Contains("ApiKey", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Port", ex.Message, StringComparison.Ordinal);
            Assert.Contains("CreditsPerUsd", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        public async Task StartAsync_EmptyApiKey_ThrowsArgumentException(string apiKey)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { ApiKey = apiKey }));
        }

        [Fact]
        public async Task StartAsync_PortOutOfRange_ThrowsArgumentException()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { Port = 70_000 }));
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(1e12)]
        public async Task StartAsync_UnusableTimeScale_ThrowsArgumentException(double timeScale)
        {
            var start = KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = timeScale, TimeProvider = _clock });

            var ex = await Record.ExceptionAsync(async () =>
            {
                await using var simulator = await start;
                using var client = Client(simulator);
                // Reached only when the bug is present: show what the client then sees.
                await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            });

            Assert.IsType<ArgumentException>(ex);
        }

        // ---------------------------------------------------------------- helpers

        private Task<KlingSimulator> StartAsync(double timeScale = 1.0)
            => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock, TimeScale = timeScale });

        private KlingVideoClient Client(KlingSimulator simulator, string? apiKey = null)
            => new(_http, new KlingVideoClientOptions { ApiKey = apiKey ?? simulator.ApiKey, BaseAddress = simulator.BaseAddress, Retry = new KlingRetryOptions { MaxAttempts = 1 } }, _clock);

        private static VideoGenerationRequest Request(VideoMode mode, VideoDuration duration)
            => new("A hot air balloon over a valley") { Mode = mode, Duration = duration };

        /// <summary>Submits a task and moves virtual time on until it has completed.</summary>
        private async Task<VideoTask> CompletedTaskAsync(KlingVideoClient client)
        {
            var submitted = await client.StartGenerationAsync(new VideoGenerationRequest("A kite over a beach"));
            _clock.Advance(TimeSpan.FromMinutes(5));
            var task = await client.GetTaskAsync(submitted.Id);
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            return task;
        }

        /// <summary>
        /// Advances virtual time in steps, reading every task after each step, and returns for each how much time had
        /// passed when it was first seen to have ended.
        /// </summary>
        private async Task<TimeSpan[]> TimeToFinishAsync(IReadOnlyList<Func<Task<VideoTask>>> reads, TimeSpan step, TimeSpan limit)
        {
            var start = _clock.GetUtcNow();
            var took = new TimeSpan?[reads.Count];
            while (took.Any(t => t is null))
            {
                Assert.True(_clock.GetUtcNow() - start < limit, "a task did not end within " + limit);
                _clock.Advance(step);
                for (var i = 0; i < reads.Count; i++)
                {
                    if (took[i] is null && (await reads[i]()).IsTerminal)
                    {
                        took[i] = _clock.GetUtcNow() - start;
                    }
                }
            }

            return took.Select(t => t!.Value).ToArray();
        }

        private static string SubmitBody(string prompt, IEnumerable<string>? images = null)
        {
            var body = new Dictionary<string, object> { ["model"] = "kling-video-o1", ["prompt"] = prompt };
            if (images is not null)
            {
                body["image_urls"] = images.ToArray();
            }

            return JsonSerializer.Serialize(body);
        }

        private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        private static MultipartFormDataContent Multipart(byte[] content, string fileName, string contentType)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return new MultipartFormDataContent { { file, "file", fileName } };
        }

        private static HttpRequestMessage Request(KlingSimulator simulator, HttpMethod method, string path, HttpContent? content, string? authorization)
        {
            var request = new HttpRequestMessage(method, new Uri(simulator.BaseAddress, path)) { Content = content };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            return request;
        }

        /// <summary>Sends a raw request (by default with the right key) and returns the status and the JSON body.</summary>
        private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
            KlingSimulator simulator, HttpMethod method, string path, HttpContent? content = null, string? authorization = "")
        {
            using var request = Request(simulator, method, path, content, authorization == string.Empty ? "Bearer " + simulator.ApiKey : authorization);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var document = JsonDocument.Parse(text);
            return (response.StatusCode, document.RootElement.Clone());
        }
    }
}
