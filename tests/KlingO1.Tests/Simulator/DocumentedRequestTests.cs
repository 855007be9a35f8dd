using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// The simulator takes the documented request bodies as the pages describe them: every example, and a video entry
    /// without <c>refer_type</c> (default <c>base</c>).
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

        private Task<KlingSimulator> StartAsync() => KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = _clock });
    }
}
