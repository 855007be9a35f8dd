using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Conformance
{
    /// <summary>
    /// A documented submit body, built as a user would build it with the SDK's types (each field of the example set the
    /// typed way, nothing else), submitted with default options, and compared with what the SDK sent.
    /// </summary>
    internal static class DocumentedRequests
    {
        /// <summary>
        /// Null when the SDK sends the example: exactly when set to the example's shape (<see cref="RequestShape.Omni"/> for
        /// the current page's bodies), and the same request under the default <see cref="RequestShape.Auto"/> (which may
        /// carry plain images in the original page's <c>image_urls</c>); else how it differed.
        /// </summary>
        public static async Task<string?> DifferenceAsync(JsonObject example)
        {
            var omni = example["metadata"]?["image_list"] is not null || example["metadata"]?["element_list"] is not null || example["video_list"] is not null;
            return await DifferenceAsync(example, omni ? RequestShape.Omni : RequestShape.Auto, sameRequest: false)
                ?? (omni ? await DifferenceAsync(example, RequestShape.Auto, sameRequest: true) : null);
        }

        private static async Task<string?> DifferenceAsync(JsonObject example, RequestShape shape, bool sameRequest)
        {
            VideoGenerationRequest request;
            try
            {
                request = Build(example);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                return "the SDK refuses the request: " + ex.Message;
            }

            string? sent = null;
            using var client = new KlingVideoClient(
                new ScriptedHandler(message =>
                {
                    sent = message.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Payloads.Read("submit-response.json"), Encoding.UTF8, "application/json") };
                }),
                new KlingVideoClientOptions { ApiKey = "tk-documented", RequestShape = shape },
                disposeHandler: true);
            try
            {
                await client.StartGenerationAsync(request);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                return "the SDK refuses the request at submit: " + ex.Message;
            }

            var body = JsonNode.Parse(sent!)!;
            if (JsonNode.DeepEquals(body, example))
            {
                return null;
            }

            // The same request in the original page's shape: plain images in image_urls, in order.
            if (sameRequest && body["image_urls"] is JsonArray imageUrls && body is JsonObject original)
            {
                original.Remove("image_urls");
                var metadata = original["metadata"] as JsonObject ?? new JsonObject();
                metadata.Remove("image_list");
                metadata["image_list"] = new JsonArray(imageUrls.Select(u => (JsonNode)new JsonObject { ["image_url"] = u!.GetValue<string>() }).ToArray());
                original.Remove("metadata");
                original["metadata"] = metadata;
                if (JsonNode.DeepEquals(original, example))
                {
                    return null;
                }
            }

            // The original page: "If you pass images but the prompt has no <<<image_N>>> reference, the system will
            // automatically prepend <<<image_1>>>". The SDK does so itself; the service then receives the same prompt.
            if (body["image_urls"] is not null && example["prompt"]!.GetValue<string>() is var prompt && !prompt.Contains("<<<image_", StringComparison.Ordinal)
                && body["prompt"]!.GetValue<string>() == "<<<image_1>>> " + prompt)
            {
                body["prompt"] = prompt;
                if (JsonNode.DeepEquals(body, example))
                {
                    return null;
                }
            }

            return $"under RequestShape.{shape} sent {body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}";
        }

        private static VideoGenerationRequest Build(JsonObject example)
        {
            var metadata = example["metadata"] as JsonObject;
            var images = new List<KlingImageSource>();
            if (example["image_urls"] is JsonArray urls)
            {
                images.AddRange(urls.Select(u => KlingImageSource.FromUrl(new Uri(u!.GetValue<string>()))));
            }

            if (metadata?["image_list"] is JsonArray list)
            {
                foreach (var item in list)
                {
                    var image = KlingImageSource.FromUrl(new Uri(item!["image_url"]!.GetValue<string>()));
                    images.Add(item["type"]?.GetValue<string>() switch
                    {
                        "first_frame" => image.AsFirstFrame(),
                        "end_frame" => image.AsEndFrame(),
                        _ => image,
                    });
                }
            }

            var elements = (metadata?["element_list"] as JsonArray)?.Select(Element).ToList();
            var video = example["video_list"] is JsonArray { Count: > 0 } videos ? Video(videos[0]!) : null;
            var request = new VideoGenerationRequest(example["prompt"]!.GetValue<string>(), images, elements, video)
            {
                Mode = example["mode"] is { } mode ? new VideoMode(mode.GetValue<string>()) : null,
                Duration = example["duration"] is { } seconds ? VideoDuration.FromSeconds(seconds.GetValue<int>()) : null,
                AspectRatio = example["aspect_ratio"] is { } ratio ? new AspectRatio(ratio.GetValue<string>()) : null,
                ClientBusinessId = example["client_business_id"]?.GetValue<string>(),
                Watermark = metadata?["watermark"]?.GetValue<bool>(),
                GenerateAudio = example["audio"]?.GetValue<bool>() ?? false,
            };
            if (example["callback_url"] is { } callback)
            {
                request.CallbackUrl = new Uri(callback.GetValue<string>());
            }

            return request;
        }

        private static SubjectElement Element(JsonNode? item)
        {
            var url = new Uri(item!["url"]!.GetValue<string>());
            var role = item["role"]?.GetValue<string>();
            return item["type"]?.GetValue<string>() == "video"
                ? new SubjectElement(KlingVideoSource.FromUrl(url), role)
                : new SubjectElement(KlingImageSource.FromUrl(url), item["type"]?.GetValue<string>(), role);
        }

        private static ReferenceVideo Video(JsonNode item)
            => new(
                KlingVideoSource.FromUrl(new Uri(item["video_url"]!.GetValue<string>())),
                item["refer_type"]?.GetValue<string>() == "feature" ? ReferenceVideoType.Feature : ReferenceVideoType.Base,
                keepOriginalSound: item["keep_original_sound"]?.GetValue<string>() == "yes");
    }
}
