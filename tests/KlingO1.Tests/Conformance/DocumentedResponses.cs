using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Conformance
{
    /// <summary>
    /// A documented answer, served to the SDK for the call it answers, and every documented field compared with what the
    /// SDK returns (or, for an error, with the typed exception it throws).
    /// </summary>
    internal static class DocumentedResponses
    {
        /// <summary>Null when the SDK reads every field of the example; else what it missed or got wrong.</summary>
        public static async Task<string?> DifferenceAsync(string file, JsonObject example, int status)
        {
            using var client = new KlingVideoClient(
                new ScriptedHandler(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(example.ToJsonString(), Encoding.UTF8, "application/json") }),
                new KlingVideoClientOptions { ApiKey = "tk-documented", Retry = new KlingRetryOptions { MaxAttempts = 1 } },
                disposeHandler: true);
            var differences = new List<string>();
            void Expect(string field, object? expected, object? actual)
            {
                if (!Equals(expected, actual))
                {
                    differences.Add($"{field}: documented {expected ?? "(none)"}, read {actual ?? "(none)"}");
                }
            }

            try
            {
                if (status >= 400)
                {
                    var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => CallFor(client, file));
                    Expect("HTTP status", status, (int)ex.StatusCode);
                    Expect("exception", ExpectedException(status), ex.GetType().Name);
                    var error = example["error"] as JsonObject;
                    Expect("error.code", error?["code"]?.ToString(), error is null ? null : ex.ErrorCode);
                    Expect("error.message / message", error?["message"]?.GetValue<string>() ?? example["message"]?.GetValue<string>(), ex.ErrorMessage);
                    Expect("error.type", error?["type"]?.GetValue<string>(), ex.ErrorType);
                }
                else if (file.StartsWith("uploads-", StringComparison.Ordinal))
                {
                    var data = example["data"]!;
                    var uploaded = file.StartsWith("uploads-images", StringComparison.Ordinal)
                        ? (UploadedFile)await client.UploadImageAsync(new MemoryStream(TestImages.Png), "a.png")
                        : await client.UploadVideoAsync(new MemoryStream(Media.TestVideos.Mp4), "a.mp4");
                    Expect("data.id", data["id"]!.GetValue<string>(), uploaded.Id);
                    Expect("data.url", data["url"]!.GetValue<string>(), uploaded.Url.AbsoluteUri);
                    Expect("data.mime_type", data["mime_type"]!.GetValue<string>(), uploaded.MimeType);
                    Expect("data.size", data["size"]!.GetValue<long>(), uploaded.Size);
                }
                else
                {
                    var task = file.StartsWith("generation.", StringComparison.Ordinal)
                        ? (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Latest!
                        : await client.GetTaskAsync(example["id"]!.GetValue<string>());
                    ExpectTask(example, task, Expect);
                }
            }
            catch (Exception ex) when (ex is KlingException or Xunit.Sdk.XunitException)
            {
                differences.Add("the SDK failed: " + ex.Message);
            }

            return differences.Count == 0 ? null : string.Join("; ", differences);
        }

        private static void ExpectTask(JsonObject example, VideoTask task, Action<string, object?, object?> expect)
        {
            expect("id", example["id"]!.GetValue<string>(), task.Id);
            expect("model", example["model"]?.GetValue<string>(), task.Model);
            expect("status", example["status"]!.GetValue<string>(), task.Status.ToString());
            expect("progress", example["progress"]!.GetValue<int>(), task.Progress);
            expect("created_at", Seconds(example["created_at"]), task.CreatedAt);
            expect("completed_at", Seconds(example["completed_at"]), task.CompletedAt);
            expect("expires_at", Seconds(example["expires_at"]), task.ExpiresAt);
            expect("client_business_id", example["client_business_id"]?.GetValue<string>(), task.ClientBusinessId);
            var output = example["result"]?["data"]?[0];
            expect("result.type", example["result"]?["type"]?.GetValue<string>(), task.ResultType);
            expect("result.data[0].url", output?["url"]?.GetValue<string>(), task.VideoUrl?.AbsoluteUri);
            expect("result.data[0].format", output?["format"]?.GetValue<string>(), task.VideoFormat);
            expect("error.code", example["error"]?["code"]?.GetValue<string>(), task.Error?.Code);
            expect("error.message", example["error"]?["message"]?.GetValue<string>(), task.Error?.Message);
            expect("metadata", (example["metadata"] as JsonObject)?.ToJsonString() ?? "{}", JsonSerializerMetadata(task));
        }

        private static string JsonSerializerMetadata(VideoTask task)
        {
            var metadata = new JsonObject();
            foreach (var entry in task.Metadata)
            {
                metadata[entry.Key] = JsonNode.Parse(entry.Value.GetRawText());
            }

            return metadata.ToJsonString();
        }

        private static Task CallFor(KlingVideoClient client, string file)
            => file switch
            {
                _ when file.StartsWith("uploads-images", StringComparison.Ordinal) => client.UploadImageAsync(new MemoryStream(TestImages.Png), "a.png"),
                _ when file.StartsWith("uploads-videos", StringComparison.Ordinal) => client.UploadVideoAsync(new MemoryStream(Media.TestVideos.Mp4), "a.mp4"),
                _ when file.StartsWith("video-status", StringComparison.Ordinal) => client.GetTaskAsync("video_7497f4d5"),
                _ when file.StartsWith("task-webhooks", StringComparison.Ordinal)
                    => client.StartGenerationAsync(new VideoGenerationRequest("A cat") { CallbackUrl = new Uri("https://hooks.example.com/kling") }),
                _ => client.StartGenerationAsync(new VideoGenerationRequest("A cat")),
            };

        private static string ExpectedException(int status) => status switch
        {
            400 => nameof(KlingInvalidRequestException),
            401 => nameof(KlingAuthenticationException),
            404 => nameof(KlingNotFoundException),
            429 or 503 => nameof(KlingRateLimitException),
            _ => nameof(KlingApiException),
        };

        private static DateTimeOffset? Seconds(JsonNode? node) => node is null ? null : DateTimeOffset.FromUnixTimeSeconds(node.GetValue<long>());
    }
}
