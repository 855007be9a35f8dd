using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// With <see cref="RequestShape.Omni"/> the SDK sends the recorded Omni bodies byte for byte; under the default
    /// shape, requests only the Omni shape can carry are refused before anything is uploaded or sent.
    /// </summary>
    public sealed class OmniRequestBodyTests : IClassFixture<KlingServerFixture>
    {
        private static readonly Uri Portrait = new("https://example.com/portrait.jpg");
        private readonly KlingServerFixture _server;

        public OmniRequestBodyTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
        }

        [Fact]
        public async Task SubmitAsync_CurlExampleUnderOmni_SendsTheNewerPagesBody()
            => await AssertSendsAsync("request-curl-example.json", new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { Portrait }));

        [Fact]
        public async Task SubmitAsync_ImagesWithoutReferenceUnderOmni_PrependsTheReferenceItself()
            => await AssertSendsAsync("request-auto-prepend.json", new VideoGenerationRequest("Person slowly turns head and smiles", new[] { Portrait }));

        [Fact]
        public async Task SubmitAsync_FirstAndEndFrames_SendsTypedImageList()
        {
            var request = new PromptBuilder()
                .Text("Start on ").FirstFrame("https://example.com/dawn.jpg")
                .Text(", end on ").EndFrame("https://example.com/dusk.jpg")
                .Text(": a time-lapse of the harbour")
                .Build();
            request.Mode = VideoMode.Professional;
            request.Duration = VideoDuration.TenSeconds;

            await AssertSendsAsync("request-first-end-frames.json", request);
        }

        [Fact]
        public async Task SubmitAsync_SubjectElementWithImage_SendsElementListWatermarkAndBusinessId()
        {
            var hero = new SubjectElement(KlingImageSource.FromUrl(new Uri("https://example.com/hero.png")), type: "image", role: "subject");
            var request = new PromptBuilder()
                .Element(hero).Text(" walks a dog through the market in ").Image(new Uri("https://example.com/market.jpg"))
                .Build();
            request.Duration = VideoDuration.FromSeconds(7);
            request.AspectRatio = AspectRatio.Portrait;
            request.ClientBusinessId = "order-42";
            request.Watermark = false;

            await AssertSendsAsync("request-subject-reference.json", request);
        }

        [Fact]
        public async Task SubmitAsync_BaseVideoEdit_SendsVideoListWithSound()
        {
            var girl = new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/girl.mp4")), ReferenceVideoType.Base, keepOriginalSound: true);
            var request = new PromptBuilder()
                .Text("Put the crown from ").Image("https://example.com/crown.png").Text(" on the girl in ").Video(girl)
                .Build();
            request.Mode = VideoMode.Professional;

            await AssertSendsAsync("request-video-edit.json", request);
        }

        [Fact]
        public async Task SubmitAsync_FeatureVideoOfThreeSeconds_SendsVideoListWithoutImages()
        {
            var request = new PromptBuilder()
                .Text("A fox runs through snow, moving like the dancer in ").Video("https://example.com/dance.mp4", ReferenceVideoType.Feature)
                .Build();
            request.Duration = VideoDuration.FromSeconds(3);

            await AssertSendsAsync("request-feature-video.json", request);
        }

        [Fact]
        public async Task SubmitAsync_Audio_SendsAudioTrue()
            => await AssertSendsAsync("request-audio.json", new VideoGenerationRequest("Waves crash on a rocky shore at dusk") { GenerateAudio = true });

        [Fact]
        public async Task SubmitAsync_SameRequestUnderEachShape_PutsImagesWhereTheShapeWants()
        {
            var request = new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { Portrait });

            var seed = JsonNode.Parse(await SendAsync(request, RequestShape.ImageUrls))!;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            var omni = JsonNode.Parse(await SendAsync(request, RequestShape.Omni))!;

            Assert.Equal(Portrait.AbsoluteUri, seed["image_urls"]![0]!.GetValue<string>());
            Assert.Null(seed["metadata"]);
            Assert.Null(omni["image_urls"]);
            Assert.Equal(Portrait.AbsoluteUri, omni["metadata"]!["image_list"]![0]!["image_url"]!.GetValue<string>());
        }

        public static TheoryData<string, Func<VideoGenerationRequest>> OmniOnlyRequests => new()
        {
            { "a first frame", () => new VideoGenerationRequest("Bloom", new[] { KlingImageSource.FromUrl(Portrait).AsFirstFrame() }) },
            { "an end frame", () => new VideoGenerationRequest("Bloom", new[] { KlingImageSource.FromUrl(Portrait).AsFirstFrame(), KlingImageSource.FromUrl(new Uri("https://example.com/end.jpg")).AsEndFrame() }) },
            { "subject elements", () => new VideoGenerationRequest("<<<element_1>>> waves", null, new[] { new SubjectElement(KlingImageSource.FromUrl(Portrait)) }) },
            { "a reference video", () => new VideoGenerationRequest("Like <<<video_1>>>", null, null, new ReferenceVideo(KlingVideoSource.FromUrl(new Uri("https://example.com/a.mp4")), ReferenceVideoType.Feature)) },
            { "a duration of 7 s", () => new VideoGenerationRequest("<<<image_1>>> waves", new[] { Portrait }) { Duration = VideoDuration.FromSeconds(7) } },
            { "audio generation", () => new VideoGenerationRequest("Waves") { GenerateAudio = true } },
        };

        [Theory]
        [MemberData(nameof(OmniOnlyRequests))]
        public async Task SubmitAsync_OmniOnlyRequestUnderSeedShape_ThrowsNotSupportedAndSendsNothing(string feature, Func<VideoGenerationRequest> create)
        {
            using var client = _server.Client(configure: o => o.RequestShape = RequestShape.ImageUrls);

            var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.StartGenerationAsync(create()));

            Assert.Contains(feature, ex.Message, StringComparison.Ordinal);
            Assert.Contains("RequestShape.Omni", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_OmniOnlyRequestWithLocalImageUnderExplicitSeedShape_UploadsNothing()
        {
            var path = TestImages.WriteFile("first.png", TestImages.Png);
            var request = new VideoGenerationRequest("Bloom", new[] { KlingImageSource.FromFile(path).AsFirstFrame() });
            using var client = _server.Client(configure: o => o.RequestShape = RequestShape.ImageUrls);

            var ex = await Assert.ThrowsAsync<NotSupportedException>(() => client.StartGenerationAsync(request));

            Assert.Contains("a first frame", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_DefaultShape_SendsTheOriginalShapeWhenItCarriesTheRequest()
            => await AssertSendsInDefaultShapeAsync(
                """{"model":"kling-video-o1","prompt":"Make the person in <<<image_1>>> wave at the camera","image_urls":["https://example.com/portrait.jpg"],"mode":"std","duration":10}""",
                new VideoGenerationRequest("Make the person in <<<image_1>>> wave at the camera", new[] { Portrait }) { Duration = VideoDuration.TenSeconds });

        [Fact]
        public async Task SubmitAsync_DefaultShape_SendsTheOmniShapeForFramesInsteadOfRefusing()
            => await AssertSendsInDefaultShapeAsync(
                """{"model":"kling-video-o1","prompt":"Transition from <<<image_1>>> to <<<image_2>>>","mode":"pro","duration":5,"metadata":{"image_list":[{"image_url":"https://example.com/start.jpg","type":"first_frame"},{"image_url":"https://example.com/end.jpg","type":"end_frame"}]}}""",
                new VideoGenerationRequest("Transition from <<<image_1>>> to <<<image_2>>>", new[] { KlingImageSource.FromUrl(new Uri("https://example.com/start.jpg")).AsFirstFrame(), KlingImageSource.FromUrl(new Uri("https://example.com/end.jpg")).AsEndFrame() }) { Mode = VideoMode.Professional });

        [Fact]
        public async Task SubmitAsync_DefaultShape_SendsTheOmniShapeForASevenSecondTextToVideo()
            => await AssertSendsInDefaultShapeAsync(
                """{"model":"kling-video-o1","prompt":"A cat","mode":"std","duration":7}""",
                new VideoGenerationRequest("A cat") { Duration = VideoDuration.FromSeconds(7) });

        [Fact]
        public async Task SubmitAsync_ModeAndDurationLeftToTheService_AreNotSent()
            => await AssertSendsInDefaultShapeAsync(
                """{"model":"kling-video-o1","prompt":"A cat"}""",
                new VideoGenerationRequest("A cat") { Mode = null, Duration = null });

        private async Task AssertSendsInDefaultShapeAsync(string expected, VideoGenerationRequest request)
        {
            using var client = _server.Client();

            await client.StartGenerationAsync(request);

            Assert.Equal(expected, _server.Received().Single().RequestMessage!.Body);
        }

        [Fact]
        public async Task SubmitAsync_ReferencesOutOfListOrderUnderOmni_ThrowsAndSendsNothing()
        {
            var request = new VideoGenerationRequest("<<<image_2>>> chases <<<image_1>>>", new[] { Portrait, new Uri("https://example.com/dog.jpg") });
            using var client = _server.Client(configure: o => o.RequestShape = RequestShape.Omni);

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.StartGenerationAsync(request));

            Assert.Contains("<<<image_2>>> before <<<image_1>>>", ex.Message, StringComparison.Ordinal);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_ReferencesOutOfListOrderUnderSeedShape_IsSentAsWritten()
        {
            var request = new VideoGenerationRequest("<<<image_2>>> chases <<<image_1>>>", new[] { Portrait, new Uri("https://example.com/dog.jpg") });

            var body = JsonNode.Parse(await SendAsync(request, RequestShape.ImageUrls))!;

            Assert.Equal("<<<image_2>>> chases <<<image_1>>>", body["prompt"]!.GetValue<string>());
        }

        [Fact]
        public async Task SubmitAsync_RepeatedReferenceUnderOmni_CountsFirstAppearanceOnly()
        {
            var request = new VideoGenerationRequest("<<<image_1>>> meets <<<image_2>>>, then <<<image_1>>> leaves", new[] { Portrait, new Uri("https://example.com/dog.jpg") });

            var body = JsonNode.Parse(await SendAsync(request, RequestShape.Omni))!;

            Assert.Equal(2, body["metadata"]!["image_list"]!.AsArray().Count);
        }

        private async Task AssertSendsAsync(string recorded, VideoGenerationRequest request)
            => Assert.Equal(Payloads.Read("Omni/" + recorded).TrimEnd(), await SendAsync(request, RequestShape.Omni));

        private async Task<string> SendAsync(VideoGenerationRequest request, RequestShape shape)
        {
            using var client = _server.Client(configure: o => o.RequestShape = shape);
            await client.StartGenerationAsync(request);
            var entry = Assert.Single(_server.Received());
            Assert.Equal(KlingServerFixture.GenerationsPath, entry.RequestMessage!.Path);
            return entry.RequestMessage.Body!;
        }
    }
}
