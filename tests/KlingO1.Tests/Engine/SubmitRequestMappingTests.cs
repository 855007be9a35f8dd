using System;
using System.Text.Json;
using KlingO1.Engine;
using KlingO1.Media;
using KlingO1.Transport;

namespace KlingO1.Tests.Engine
{
    /// <summary>The submit body made from a request: the request's values in the service's wire spelling.</summary>
    public sealed class SubmitRequestMappingTests
    {
        [Fact]
        public void ToWire_CallbackUrl_IsSentAndMustBeHttps()
        {
            var request = new VideoGenerationRequest("A cat") { CallbackUrl = new Uri("https://hooks.example.com/kling") };

            Assert.Contains("\"callback_url\":\"https://hooks.example.com/kling\"", Body(request), StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => new VideoGenerationRequest("A cat") { CallbackUrl = new Uri("http://hooks.example.com/kling") });
        }

        [Fact]
        public void ToWire_ModeDurationAndAspectRatio_WrittenAsTheServiceSpellsThem()
        {
            var request = new VideoGenerationRequest("A cat") { Mode = VideoMode.Professional, Duration = VideoDuration.TenSeconds, AspectRatio = AspectRatio.Portrait };

            Assert.Equal(
                "{\"model\":\"kling-video-o1\",\"prompt\":\"A cat\",\"mode\":\"pro\",\"duration\":10,\"aspect_ratio\":\"9:16\"}",
                Body(request));
        }

        [Fact]
        public void ToWire_ServiceDefaults_LeftOut()
        {
            var request = new VideoGenerationRequest("A cat") { Mode = null, Duration = null, AspectRatio = null };

            Assert.Equal("{\"model\":\"kling-video-o1\",\"prompt\":\"A cat\"}", Body(request));
        }

        private static string Body(VideoGenerationRequest request)
            => JsonSerializer.Serialize(
                SubmitRequestMapping.ToWire(request, "kling-video-o1", RequestShape.ImageUrls, ResolvedMedia.None, null), KlingJsonContext.Requests.SubmitRequestDto);
    }
}
