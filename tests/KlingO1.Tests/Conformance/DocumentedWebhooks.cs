using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Conformance
{
    /// <summary>
    /// A documented webhook event, signed as the service signs it, verified, and every documented field compared with the
    /// event the SDK returns.
    /// </summary>
    internal static class DocumentedWebhooks
    {
        private const string Secret = "whsec_documented";

        /// <summary>Null when the SDK reads every field of the event as the page means it; else what differs.</summary>
        public static string? Difference(string body)
        {
            var example = JsonNode.Parse(body)!.AsObject();
            var bytes = Encoding.UTF8.GetBytes(body);
            var id = example["id"]!.GetValue<string>();
            var created = example["created_at"]!.GetValue<long>();
            var timestamp = created.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var verifier = new KlingWebhookVerifier(Secret, timeProvider: new ManualClock(DateTimeOffset.FromUnixTimeSeconds(created)));
            KlingWebhookEvent evt;
            try
            {
                evt = verifier.Verify(id, timestamp, KlingWebhookSigner.Sign(Secret, id, timestamp, bytes), bytes);
            }
            catch (KlingWebhookException ex)
            {
                return "refused: " + ex.Message;
            }

            var differences = new List<string>();
            void Expect(string field, object? expected, object? actual)
            {
                if (!Equals(expected, actual))
                {
                    differences.Add($"{field}: documented {expected ?? "(none)"}, read {actual ?? "(none)"}");
                }
            }

            var data = example["data"]!;
            Expect("id", id, evt.Id);
            Expect("type", example["type"]!.GetValue<string>(), evt.Type);
            Expect("api_version", example["api_version"]?.GetValue<string>(), evt.ApiVersion);
            Expect("created_at", DateTimeOffset.FromUnixTimeSeconds(created), evt.CreatedAt);
            Expect("data.task_id", data["task_id"]!.GetValue<string>(), evt.TaskId);
            Expect("data.task_type", data["task_type"]?.GetValue<string>(), evt.TaskType);
            Expect("data.status", data["status"]!.GetValue<string>(), evt.Status);
            Expect("data.client_business_id", data["client_business_id"]?.GetValue<string>(), evt.ClientBusinessId);
            Expect("data.model", data["model"]?.GetValue<string>(), evt.Model);
            Expect("data.submitted_at", Time(data["submitted_at"]), evt.SubmittedAt);
            Expect("data.finished_at", Time(data["finished_at"]), evt.FinishedAt);
            Expect("data.result.type", data["result"]?["type"]?.GetValue<string>(), evt.Result?.Type);
            Expect("data.result.message", data["result"]?["message"]?.GetValue<string>(), evt.Result?.Message);
            var output = data["result"]?["data"]?[0];
            Expect("data.result.data[0].url", output?["url"]?.GetValue<string>(), evt.Result?.Outputs.Count > 0 ? evt.Result.Outputs[0].Url.AbsoluteUri : null);
            Expect("data.result.data[0].format", output?["format"]?.GetValue<string>(), evt.Result?.Outputs.Count > 0 ? evt.Result.Outputs[0].Format : null);
            Expect("data.error.code", data["error"]?["code"]?.GetValue<string>(), evt.Error?.Code);
            Expect("data.error.message", data["error"]?["message"]?.GetValue<string>(), evt.Error?.Message);

            // Only a video task's final event is a VideoTask: an image task's PNG, or the console's test, is not a video.
            var isVideoTask = data["task_type"]?.GetValue<string>() == "video" && example["type"]!.GetValue<string>() != "endpoint.test";
            Expect("a VideoTask", isVideoTask, evt.Task is not null);
            return differences.Count == 0 ? null : string.Join("; ", differences);
        }

        // The page writes 0 for "no time" (the test event): that is no time, not 1970.
        private static DateTimeOffset? Time(JsonNode? node) => node?.GetValue<long>() is { } s and > 0 ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
    }
}
