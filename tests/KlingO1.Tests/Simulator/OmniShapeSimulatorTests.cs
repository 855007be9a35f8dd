using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Media;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The Omni request shape against the simulator: the SDK end to end (frames, elements, a reference video, a video
    /// upload), the simulator's own refusals of raw bodies, and its video upload endpoint. Virtual time throughout.
    /// </summary>
    public sealed class OmniShapeSimulatorTests : IDisposable
    {
        private const string GenerationsPath = "v1/videos/generations";
        private const string VideoUploadPath = "v1/uploads/videos";
        // The longest timer a wait arms: while the end is far, up to four 15 s longest intervals (issue 17).
        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(15 * KlingO1.Polling.ProgressAwareSchedule.FarIntervals);
        private static readonly Uri Portrait = new("https://example.com/portrait.jpg");
        private static readonly Uri Scene = new("https://example.com/scene.jpg");

        private readonly ManualClock _clock = new();
        private readonly SubmitRecorder _recorder;
        private readonly HttpClient _http;

        public OmniShapeSimulatorTests()
        {
            _recorder = new SubmitRecorder(new SocketsHttpHandler());
            _http = new HttpClient(_recorder);
        }

        // Each entry: a raw submit body and the field the simulator must name in its 400.
        public static TheoryData<string, string> Refusals => new()
        {
            // the two shapes mixed
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["https://example.com/1.jpg"],"metadata":{"image_list":[{"image_url":"https://example.com/1.jpg"}]}}""", "image_urls" },
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["https://example.com/1.jpg"],"video_list":[{"video_url":"https://example.com/v.mp4","refer_type":"feature"}]}""", "image_urls" },

            // the reference video
            { Omni("Two videos", videos: Video() + "," + Video()), "video_list" },
            { Omni("<<<video_1>>> as a style", videos: """{"video_url":"https://example.com/v.mp4","refer_type":"style"}"""), "video_list" },
            { Omni("<<<video_1>>> typed by number", videos: """{"video_url":"https://example.com/v.mp4","refer_type":1}"""), "video_list" },
            { Omni("<<<video_1>>> loud", videos: """{"video_url":"https://example.com/v.mp4","refer_type":"feature","keep_original_sound":"true"}"""), "video_list" },
            { Omni("<<<video_1>>> loud", videos: """{"video_url":"https://example.com/v.mp4","refer_type":"feature","keep_original_sound":true}"""), "video_list" },
            { Omni("<<<video_1>>> from ftp", videos: """{"video_url":"ftp://example.com/v.mp4","refer_type":"feature"}"""), "video_list" },

            // how many images and elements
            { Omni("<<<image_1>>> and friends", images: Images(8)), "metadata.image_list" },
            { Omni("<<<image_1>>> and <<<element_1>>>", images: Images(4), elements: Elements(4)), "metadata.image_list" },
            { Omni("<<<image_1>>> like <<<video_1>>>", images: Images(5), videos: Video()), "metadata.image_list" },
            { Omni("<<<image_1>>> and <<<element_1>>> like <<<video_1>>>", images: Images(3), elements: Elements(2), videos: Video()), "metadata.image_list" },

            // frames
            { Omni("<<<image_1>>> to <<<image_2>>>", images: Frame(1, "first_frame") + "," + Frame(2, "first_frame")), "metadata.image_list" },
            { Omni("<<<image_1>>> to <<<image_2>>>", images: Frame(1, "first_frame") + "," + Frame(2, "end_frame") + "," + Frame(3, "end_frame")), "metadata.image_list" },
            { Omni("<<<image_1>>> at the end", images: Frame(1, "end_frame")), "metadata.image_list" },
            { Omni("<<<image_1>>> into <<<video_1>>>", images: Frame(1, "first_frame"), videos: Video("base")), "metadata.image_list" },
            { Omni("<<<image_1>>> in the middle", images: Frame(1, "middle_frame")), "metadata.image_list" },
            { Omni("<<<image_1>>> typed by number", images: """{"image_url":"https://example.com/1.jpg","type":1}"""), "metadata.image_list" },
            { Omni("<<<image_1>>> inline", images: """{"image_url":"data:image/png;base64,iVBORw0KGgo="}"""), "metadata.image_list" },
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","metadata":{"image_list":{"image_url":"https://example.com/1.jpg"}}}""", "metadata.image_list" },
            { Omni("<<<element_1>>> without a url", elements: """{"type":"subject"}"""), "metadata.element_list" },

            // audio
            { Omni("<<<video_1>>> with music", videos: Video(), extra: "\"audio\":true"), "audio" },

            // durations
            { """{"model":"kling-video-o1","prompt":"<<<image_1>>> waves","image_urls":["https://example.com/1.jpg"],"duration":7}""", "duration" },
            { Omni("<<<image_1>>> waves", images: Images(1), extra: "\"duration\":11"), "duration" },
            { Omni("<<<image_1>>> waves", images: Images(1), extra: "\"duration\":2"), "duration" },
            { Omni("<<<image_1>>> waves", images: Images(1), extra: "\"duration\":\"7\""), "duration" },

            // references out of range, per kind
            { Omni("<<<image_2>>> waves", images: Images(1)), "prompt" },
            { Omni("<<<image_0>>> waves", images: Images(1)), "prompt" },
            { Omni("<<<element_2>>> waves", elements: Elements(1)), "prompt" },
            { Omni("<<<element_1>>> waves", images: Images(2)), "prompt" },
            { Omni("<<<video_1>>> moves", images: Images(1)), "prompt" },
            { Omni("<<<video_2>>> moves", videos: Video()), "prompt" },

            // Omni lists follow the order of first appearance in the prompt
            { Omni("<<<image_2>>> meets <<<image_1>>>", images: Images(2)), "prompt" },
            { Omni("<<<element_2>>> chases <<<element_1>>>", elements: Elements(2)), "prompt" },
            { Omni("<<<image_1>>> then <<<image_3>>> then <<<image_2>>>", images: Images(3)), "prompt" },
        };

        // Each entry: a raw submit body the simulator must accept, and the duration it must store.
        public static TheoryData<string, int> Accepted => new()
        {
            { Omni("<<<image_1>>> turns around", images: Images(1), extra: "\"duration\":7"), 7 },
            { Omni("<<<element_1>>> jumps", elements: Elements(1), extra: "\"duration\":3"), 3 },
            { Omni("Dance like <<<video_1>>>", videos: Video(), extra: "\"duration\":9"), 9 },
            { Omni("<<<image_1>>> to <<<image_2>>>", images: Frame(1, "first_frame") + "," + Frame(2, "end_frame"), extra: "\"duration\":10"), 10 },
            { Omni("<<<image_1>>> opens the clip", images: Frame(1, "first_frame")), 5 },
            { Omni("<<<image_1>>> and <<<image_4>>> like <<<video_1>>>", images: Images(4), videos: Video()), 5 },
            { Omni("<<<image_1>>> with <<<element_1>>>", images: Images(3), elements: Elements(4)), 5 },
            { Omni("<<<element_1>>> into <<<video_1>>>", elements: Elements(1), videos: Video("base", "yes")), 5 },
            { Omni("<<<image_1>>> into <<<video_1>>>", images: Images(1), videos: Video("feature", "no"), extra: "\"duration\":4"), 4 },
            { Omni("A cat sings", extra: "\"audio\":true"), 5 },
            { Omni("A cat, quietly", extra: "\"audio\":false,\"duration\":10"), 10 },
            { Omni("A cat, with sound", extra: "\"audio\":true,\"duration\":7"), 7 },
            { Omni("<<<image_1>>> opens the clip", images: Frame(1, "first_frame"), extra: "\"duration\":7"), 7 },
            { Omni("<<<image_1>>> opens, <<<image_2>>> helps", images: Frame(1, "first_frame") + "," + Image(2), extra: "\"duration\":3"), 3 },
            { Omni("<<<video_1>>> without a type, edited as base", videos: """{"video_url":"https://example.com/v.mp4"}"""), 5 },
            { """{"model":"kling-video-o1","prompt":"A cat","duration":3}""", 3 },
            { Omni("<<<element_1>>> meets <<<image_1>>>, then <<<element_2>>> meets <<<image_2>>> and <<<image_1>>> again", images: Images(2), elements: Elements(2)), 5 },
            { """{"model":"kling-video-o1","prompt":"<<<image_2>>> meets <<<image_1>>>","image_urls":["https://example.com/1.jpg","https://example.com/2.jpg"]}""", 5 },
        };

        public void Dispose() => _http.Dispose();

        // ---------------------------------------------------------------- the SDK end to end

        [Fact]
        public async Task GenerateAsync_OmniFirstAndEndFrames_CompletesWithADownloadableVideo()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);
            var request = new PromptBuilder()
                .Text("From ").FirstFrame(KlingImageSource.FromUrl(Portrait))
                .Text(" to ").EndFrame(KlingImageSource.FromUrl(Scene))
                .Build();
            request.Duration = VideoDuration.TenSeconds;
            request.Watermark = false;

            var task = await GenerateAsync(client, request);

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            var stored = Assert.Single(simulator.Tasks);
            Assert.Equal("From <<<image_1>>> to <<<image_2>>>", stored.Prompt);
            Assert.Equal(new[] { Portrait.AbsoluteUri, Scene.AbsoluteUri }, stored.ImageUrls);
            Assert.Equal(10, stored.DurationSeconds);
            var body = _recorder.LastSubmit!;
            Assert.Equal(new[] { "first_frame", "end_frame" }, body["metadata"]!["image_list"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()));
            Assert.False(body["metadata"]!["watermark"]!.GetValue<bool>());
            await AssertDownloadsSimulatedVideoAsync(client, task);
        }

        [Fact]
        public async Task GenerateAsync_OmniElementAndFeatureVideo_CompletesWithADownloadableVideo()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);
            var motion = new Uri("https://example.com/motion.mp4");
            var request = new PromptBuilder()
                .Text("The robot ").Element(new SubjectElement(KlingImageSource.FromUrl(Portrait), type: "subject"))
                .Text(" dances like ").Video(new ReferenceVideo(KlingVideoSource.FromUrl(motion), ReferenceVideoType.Feature, keepOriginalSound: true))
                .Text(" in ").Image(Scene)
                .Build();
            request.Duration = VideoDuration.FromSeconds(7);

            var task = await GenerateAsync(client, request);

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            var stored = Assert.Single(simulator.Tasks);
            Assert.Equal(7, stored.DurationSeconds);
            Assert.Equal("The robot <<<element_1>>> dances like <<<video_1>>> in <<<image_1>>>", stored.Prompt);
            var body = _recorder.LastSubmit!;
            Assert.Equal(Portrait.AbsoluteUri, body["metadata"]!["element_list"]![0]!["url"]!.GetValue<string>());
            Assert.Equal(motion.AbsoluteUri, body["video_list"]![0]!["video_url"]!.GetValue<string>());
            Assert.Equal("yes", body["video_list"]![0]!["keep_original_sound"]!.GetValue<string>());
            await AssertDownloadsSimulatedVideoAsync(client, task);
        }

        [Fact]
        public async Task GenerateAsync_OmniTextToVideoWithAudio_Completes()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);

            var task = await GenerateAsync(client, new VideoGenerationRequest("Rain on a tin roof") { GenerateAudio = true });

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.True(_recorder.LastSubmit!["audio"]!.GetValue<bool>());
        }

        [Fact]
        public async Task UploadVideoAsync_LocalMp4ThenUsedAsReferenceVideo_WorksEndToEnd()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);
            var mp4 = KlingSimulator.VideoContent.ToArray();
            var path = TestImages.WriteFile("motion.mp4", mp4);

            var uploaded = await client.UploadVideoAsync(path);
            var task = await GenerateAsync(client, new PromptBuilder()
                .Text("A skater moves like ").Video(new ReferenceVideo(KlingVideoSource.FromUrl(uploaded.Url), ReferenceVideoType.Feature))
                .Build());

            Assert.Equal("video/mp4", uploaded.MimeType);
            Assert.Equal(mp4.Length, uploaded.Size);
            Assert.StartsWith(simulator.BaseAddress.AbsoluteUri + "files/uploads/", uploaded.Url.AbsoluteUri, StringComparison.Ordinal);
            Assert.Equal(mp4, await _http.GetByteArrayAsync(uploaded.Url));
            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            Assert.Equal(uploaded.Url.AbsoluteUri, _recorder.LastSubmit!["video_list"]![0]!["video_url"]!.GetValue<string>());
            await AssertDownloadsSimulatedVideoAsync(client, task);
        }

        [Fact]
        public async Task GenerateAsync_OmniLocalVideoAndImageFiles_UploadsBothToTheSimulatorThenCompletes()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);
            var video = TestImages.WriteFile("motion.mov", TestVideos.MovFtyp);
            var image = TestImages.WriteFile("hero.png", TestImages.Png);
            var request = new PromptBuilder()
                .Text("The hero in ").Image(image).Text(" starts from ").FirstFrame(image)
                .Text(" and moves like ").Video(video, ReferenceVideoType.Feature)
                .Build();

            var task = await GenerateAsync(client, request);

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            var posts = simulator.Requests.Where(r => r.Method == "POST").Select(r => r.Path + " " + r.StatusCode);
            Assert.Equal(new[] { "/v1/uploads/videos 200", "/v1/uploads/images 200", "/v1/videos/generations 200" }, posts);
            var body = _recorder.LastSubmit!;
            var videoUrl = new Uri(body["video_list"]![0]!["video_url"]!.GetValue<string>());
            using var served = await _http.GetAsync(videoUrl);
            Assert.Equal("video/quicktime", served.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TestVideos.MovFtyp, await served.Content.ReadAsByteArrayAsync());
            var images = body["metadata"]!["image_list"]!.AsArray().Select(i => i!["image_url"]!.GetValue<string>()).Distinct();
            Assert.Equal(Assert.Single(simulator.Tasks).ImageUrls.Distinct(), images);
            Assert.Single(images);
        }

        [Fact]
        public async Task GenerateAsync_DefaultShapeClient_StillWorksAgainstTheSameSimulator()
        {
            await using var simulator = await StartAsync();
            using var omni = Client(simulator, RequestShape.Omni);
            using var classic = Client(simulator, RequestShape.ImageUrls);
            await omni.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> waves", new[] { Portrait }) { Duration = VideoDuration.FromSeconds(6) });
            var omniBody = _recorder.LastSubmit!;

            var task = await GenerateAsync(classic, new VideoGenerationRequest("<<<image_1>>> waves", new[] { Portrait }) { Duration = VideoDuration.TenSeconds });

            Assert.Equal(VideoTaskStatus.Completed, task.Status);
            var classicBody = _recorder.LastSubmit!;
            Assert.Equal(Portrait.AbsoluteUri, classicBody["image_urls"]![0]!.GetValue<string>());
            Assert.Null(classicBody["metadata"]);
            Assert.Null(omniBody["image_urls"]);
            Assert.Equal(Portrait.AbsoluteUri, omniBody["metadata"]!["image_list"]![0]!["image_url"]!.GetValue<string>());
            Assert.Equal(new[] { 6, 10 }, simulator.Tasks.Select(t => t.DurationSeconds));
            Assert.All(simulator.Tasks, t => Assert.Equal(new[] { Portrait.AbsoluteUri }, t.ImageUrls));
            await AssertDownloadsSimulatedVideoAsync(classic, task);
        }

        [Fact]
        public async Task SubmitAsync_DefaultShapeClientWithDurationSeven_RefusedBeforeSending()
        {
            await using var simulator = await StartAsync();
            using var classic = Client(simulator, RequestShape.ImageUrls);

            await Assert.ThrowsAsync<NotSupportedException>(
                () => classic.StartGenerationAsync(new VideoGenerationRequest("<<<image_1>>> waves", new[] { Portrait }) { Duration = VideoDuration.FromSeconds(7) }));

            Assert.Empty(simulator.Requests);
        }

        [Fact]
        public async Task UploadVideoAsync_WideAtomMov_AcceptedByTheSimulatorAsTheSdkAcceptsIt()
        {
            await using var simulator = await StartAsync();
            using var client = Client(simulator, RequestShape.Omni);

            var uploaded = await client.UploadVideoAsync(new MemoryStream(TestVideos.MovWide), "old.mov");

            Assert.Equal("video/quicktime", uploaded.MimeType);
        }

        // ---------------------------------------------------------------- raw bodies: refusals and acceptances

        [Theory]
        [MemberData(nameof(Refusals))]
        public async Task Submit_OmniRuleBroken_Is400NamingTheField(string json, string param)
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, GenerationsPath, Json(json));

            Assert.True(status == HttpStatusCode.BadRequest, $"expected 400 for {json}, got {(int)status} {body}");
            var error = body.GetProperty("error");
            Assert.Equal("invalid_request", error.GetProperty("code").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal(param, error.GetProperty("param").GetString());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [MemberData(nameof(Accepted))]
        public async Task Submit_ValidOmniBody_Is200AndStoresTheTask(string json, int duration)
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, GenerationsPath, Json(json));

            Assert.True(status == HttpStatusCode.OK, $"expected 200 for {json}, got {(int)status} {body}");
            Assert.Equal("queued", body.GetProperty("status").GetString());
            Assert.Equal(duration, Assert.Single(simulator.Tasks).DurationSeconds);
        }

        [Fact]
        public async Task Submit_OmniImageList_StoresImageUrlsInListOrder()
        {
            await using var simulator = await StartAsync();

            var (status, _) = await SendAsync(simulator, GenerationsPath, Json(Omni("<<<image_1>>> to <<<image_2>>>", images: Frame(1, "first_frame") + "," + Frame(2, "end_frame"))));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(new[] { "https://example.com/1.jpg", "https://example.com/2.jpg" }, Assert.Single(simulator.Tasks).ImageUrls);
        }

        [Fact]
        public async Task Submit_DurationSeven_AcceptedWithoutImagesButRefusedWithImageUrls()
        {
            await using var simulator = await StartAsync();

            var (accepted, _) = await SendAsync(simulator, GenerationsPath, Json("""{"model":"kling-video-o1","prompt":"A cat","duration":7}"""));
            var (refused, refusal) = await SendAsync(simulator, GenerationsPath, Json("""{"model":"kling-video-o1","prompt":"<<<image_1>>> purrs","image_urls":["https://example.com/1.jpg"],"duration":7}"""));

            Assert.Equal(HttpStatusCode.OK, accepted);
            Assert.Equal(7, Assert.Single(simulator.Tasks).DurationSeconds);
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Equal("duration", refusal.GetProperty("error").GetProperty("param").GetString());
            Assert.Contains("5 or 10", refusal.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // ---------------------------------------------------------------- the video upload endpoint

        [Fact]
        public async Task UploadVideo_Mp4_Is200WithVideoMp4AndItsUrlServesTheBytes()
        {
            await using var simulator = await StartAsync();
            var mp4 = KlingSimulator.VideoContent.ToArray();

            var (status, body) = await SendAsync(simulator, VideoUploadPath, Multipart(mp4, "clip.mp4", "video/mp4"));

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.GetProperty("success").GetBoolean());
            var data = body.GetProperty("data");
            Assert.False(string.IsNullOrEmpty(data.GetProperty("id").GetString()));
            Assert.Equal("video/mp4", data.GetProperty("mime_type").GetString());
            Assert.Equal(mp4.Length, data.GetProperty("size").GetInt32());
            var url = new Uri(data.GetProperty("url").GetString()!);
            Assert.EndsWith(".mp4", url.AbsolutePath, StringComparison.Ordinal);
            using var served = await _http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("video/mp4", served.Content.Headers.ContentType!.MediaType);
            Assert.Equal(mp4, await served.Content.ReadAsByteArrayAsync());
        }

        [Theory]
        [InlineData("webm", "video/webm")]
        [InlineData("mov-ftyp", "video/quicktime")]
        [InlineData("mov-moov", "video/quicktime")]
        [InlineData("mov-mdat", "video/quicktime")]
        [InlineData("mov-wide", "video/quicktime")]
        [InlineData("mov-free", "video/quicktime")]
        [InlineData("mp4-mp42", "video/mp4")]
        public async Task UploadVideo_EachFormat_IsRecognisedByItsFirstBytes(string format, string mimeType)
        {
            await using var simulator = await StartAsync();
            var content = format switch
            {
                "webm" => TestVideos.WebM,
                "mov-ftyp" => TestVideos.MovFtyp,
                "mov-moov" => TestVideos.MovMoov,
                "mov-mdat" => TestVideos.MovMdat,
                "mov-wide" => TestVideos.MovWide,
                "mov-free" => TestVideos.MovFree,
                _ => TestVideos.Mp4Mp42,
            };

            // Declared as MP4 every time: the simulator, like the service, trusts the bytes.
            var (status, body) = await SendAsync(simulator, VideoUploadPath, Multipart(content, "clip.mp4", "video/mp4"));

            Assert.True(status == HttpStatusCode.OK, $"{format}: {(int)status} {body}");
            Assert.Equal(mimeType, body.GetProperty("data").GetProperty("mime_type").GetString());
        }

        [Fact]
        public async Task UploadVideo_Png_Is400UnsupportedOrInvalidVideoFile()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, VideoUploadPath, Multipart(TestImages.Png, "clip.mp4", "video/mp4"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.False(body.GetProperty("success").GetBoolean());
            Assert.Equal("Unsupported or invalid video file. Allowed: MP4, WebM, MOV", body.GetProperty("message").GetString());
            Assert.False(body.TryGetProperty("data", out _));
        }

        [Fact]
        public async Task UploadImage_Mp4_Is400UnsupportedImageType()
        {
            await using var simulator = await StartAsync();

            var (status, body) = await SendAsync(simulator, "v1/uploads/images", Multipart(TestVideos.Mp4, "clip.png", "image/png"));

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.StartsWith("Unsupported image type", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task UploadVideo_NoAuthorization_Is401()
        {
            await using var simulator = await StartAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseAddress, VideoUploadPath)) { Content = Multipart(TestVideos.Mp4, "clip.mp4", "video/mp4") };

            using var response = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // ---------------------------------------------------------------- helpers

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });

        private KlingVideoClient Client(KlingSimulator simulator, RequestShape shape)
            => new(_http, new KlingVideoClientOptions
            {
                ApiKey = simulator.ApiKey,
                BaseAddress = simulator.BaseAddress,
                RequestShape = shape,
                Retry = new KlingRetryOptions { MaxAttempts = 1 },
            }, _clock);

        private async Task<VideoTask> GenerateAsync(KlingVideoClient client, VideoGenerationRequest request)
        {
            var generate = client.GenerateAsync(request);
            await _clock.DriveAsync(generate, LongestInterval);
            return await generate;
        }

        private static async Task AssertDownloadsSimulatedVideoAsync(KlingVideoClient client, VideoTask task)
        {
            using var destination = new MemoryStream();
            var written = await client.DownloadVideoAsync(task, destination);
            Assert.Equal(KlingSimulator.VideoContent.Length, written);
            Assert.Equal(KlingSimulator.VideoContent.ToArray(), destination.ToArray());
        }

        private static string Image(int n) => $$"""{"image_url":"https://example.com/{{n}}.jpg"}""";

        private static string Images(int count) => string.Join(",", Enumerable.Range(1, count).Select(Image));

        private static string Frame(int n, string type) => $$"""{"image_url":"https://example.com/{{n}}.jpg","type":"{{type}}"}""";

        private static string Elements(int count)
            => string.Join(",", Enumerable.Range(1, count).Select(n => $$"""{"url":"https://example.com/e{{n}}.png","type":"subject"}"""));

        private static string Video(string referType = "feature", string keepOriginalSound = "no")
            => $$"""{"video_url":"https://example.com/v.mp4","refer_type":"{{referType}}","keep_original_sound":"{{keepOriginalSound}}"}""";

        /// <summary>An Omni-shaped body; lists are given as the JSON text of their entries, <paramref name="extra"/> as more members.</summary>
        private static string Omni(string prompt, string? images = null, string? elements = null, string? videos = null, string? extra = null)
        {
            var members = new List<string> { "\"model\":\"kling-video-o1\"", "\"prompt\":" + JsonSerializer.Serialize(prompt) };
            var metadata = new List<string>();
            if (images is not null)
            {
                metadata.Add("\"image_list\":[" + images + "]");
            }

            if (elements is not null)
            {
                metadata.Add("\"element_list\":[" + elements + "]");
            }

            if (metadata.Count > 0)
            {
                members.Add("\"metadata\":{" + string.Join(",", metadata) + "}");
            }

            if (videos is not null)
            {
                members.Add("\"video_list\":[" + videos + "]");
            }

            if (extra is not null)
            {
                members.Add(extra);
            }

            var json = "{" + string.Join(",", members) + "}";
            JsonDocument.Parse(json).Dispose(); // a malformed test body would be refused for the wrong reason
            return json;
        }

        private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        private static MultipartFormDataContent Multipart(byte[] content, string fileName, string contentType)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return new MultipartFormDataContent { { file, "file", fileName } };
        }

        /// <summary>Posts with the simulator's key and returns the status and the JSON body.</summary>
        private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(KlingSimulator simulator, string path, HttpContent content)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(simulator.BaseAddress, path)) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
            using var response = await _http.SendAsync(request);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, document.RootElement.Clone());
        }

        /// <summary>Keeps the JSON body of the last submit the SDK sent, so a test can see what reached the simulator.</summary>
        private sealed class SubmitRecorder : DelegatingHandler
        {
            public SubmitRecorder(HttpMessageHandler inner)
                : base(inner)
            {
            }

            public JsonNode? LastSubmit { get; private set; }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/" + GenerationsPath, StringComparison.Ordinal)
                    && request.Content?.Headers.ContentType?.MediaType == "application/json")
                {
                    LastSubmit = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
