using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The simulator takes the documented request bodies as the pages describe them: every example, a video entry
    /// without <c>refer_type</c> (default <c>base</c>), and the durations of each page revision.
    /// </summary>
    public sealed class DocumentedRequestTests
    {
        private readonly ManualClock _clock = new();

        // Every documented submit body (both page revisions), as copied from the pages.
        public static TheoryData<string> DocumentedSubmits => new()
        {
            "generation.en.text-to-video.request.json",
            "generation.en.image-reference.request.json",
            "generation.en.first-end-frame.request.json",
            "generation.en.reference-video-input.request.json",
            "generation.en.subject-plus-motion-reference.request.json",
            "generation.en.request-example-curl.request.json",
            "generation.en.request-example-python.request.json",
            "generation.en.request-example-javascript.request.json",
            "generation.cn.scene1-text-to-video-client-business-id.request.json",
            "generation.cn.scene2-single-image.request.json",
            "generation.cn.scene3-multi-image.request.json",
            "generation.cn.scene4-video-edit-base.request.json",
            "generation.cn.scene5-feature-video-element.request.json",
            "generation.cn.request-example-curl.request.json",
            "generation.cn.request-example-python.request.json",
            "generation.cn.request-example-javascript.request.json",
            "seed.older-generation.case-one-image.request.json",
            "seed.older-generation.case-two-images.request.json",
            "seed.older-generation.case4-images-without-reference.request.json",
            "seed.older-generation.curl.request.json",
        };

        // The current page: 3 to 10 s for every kind of clip, with no per-kind restriction.
        public static TheoryData<string, int> OmniDurations
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (var example in new[]
                {
                    "generation.en.text-to-video.request.json",
                    "generation.en.image-reference.request.json",
                    "generation.en.first-end-frame.request.json",
                    "generation.en.reference-video-input.request.json",
                    "generation.en.subject-plus-motion-reference.request.json",
                    "generation.cn.scene1-text-to-video-client-business-id.request.json",
                })
                {
                    foreach (var seconds in new[] { 3, 4, 7, 10 })
                    {
                        data.Add(example, seconds);
                    }
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(DocumentedSubmits))]
        public async Task Submit_DocumentedExample_Is200(string example)
        {
            await using var simulator = await StartAsync();

            var answer = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented(example));

            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task Submit_VideoEntryWithoutReferType_IsAcceptedAsBase()
        {
            await using var simulator = await StartAsync();
            var body = Payloads.Documented("generation.en.reference-video-input.request.json");
            body["video_list"]![0]!.AsObject().Remove("refer_type");

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task Submit_VideoEntryWithoutReferTypeAndAFirstFrame_IsRefusedAsABaseEdit()
        {
            // A base edit takes no first or end frame; a feature reference would: so the default is base.
            await using var simulator = await StartAsync();
            var body = Payloads.Documented("generation.en.reference-video-input.request.json");
            body["video_list"]![0]!.AsObject().Remove("refer_type");
            body["prompt"] = "<<<image_1>>> opens <<<video_1>>>";
            body["metadata"] = JsonNode.Parse("""{"image_list":[{"image_url":"https://example.com/start.jpg","type":"first_frame"}]}""");

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("metadata.image_list", answer.Body!["error"]!["param"]!.GetValue<string>());
            Assert.Empty(simulator.Tasks);
        }

        [Theory]
        [MemberData(nameof(OmniDurations))]
        public async Task Submit_CurrentPageShapeAnyDurationFrom3To10_IsAcceptedAndStored(string example, int seconds)
        {
            await using var simulator = await StartAsync();
            var body = Payloads.Documented(example);
            body["duration"] = seconds;

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            Assert.Equal(seconds, Assert.Single(simulator.Tasks).DurationSeconds);
        }

        [Theory]
        [InlineData("generation.en.text-to-video.request.json", 2)]
        [InlineData("generation.en.text-to-video.request.json", 11)]
        [InlineData("generation.en.image-reference.request.json", 2)]
        [InlineData("generation.en.reference-video-input.request.json", 11)]
        public async Task Submit_CurrentPageShapeDurationOutside3To10_Is400(string example, int seconds)
        {
            await using var simulator = await StartAsync();
            var body = Payloads.Documented(example);
            body["duration"] = seconds;

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("duration", answer.Body!["error"]!["param"]!.GetValue<string>());
            Assert.Contains("3 to 10", answer.Body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(7)]
        public async Task Submit_OriginalImageUrlsShapeDurationOtherThan5Or10_Is400(int seconds)
        {
            // The older page, the only one that documents image_urls, allows 5 or 10 s.
            await using var simulator = await StartAsync();
            var body = Payloads.Documented("seed.older-generation.curl.request.json");
            body["duration"] = seconds;

            var answer = await SimulatorHttp.SubmitAsync(simulator, body);

            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("duration", answer.Body!["error"]!["param"]!.GetValue<string>());
            Assert.Contains("5 or 10", answer.Body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Submit_DocumentedVideoEditWithoutDurationOrMode_StoresTheDefaults()
        {
            await using var simulator = await StartAsync();

            var answer = await SimulatorHttp.SubmitAsync(simulator, Payloads.Documented("generation.cn.scene4-video-edit-base.request.json"));

            Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            var task = Assert.Single(simulator.Tasks);
            Assert.Equal((5, "std"), (task.DurationSeconds, task.Mode));
        }

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
