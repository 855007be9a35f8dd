using System;
using System.IO;
using System.Text.Json;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// Writes event bodies exactly as the webhooks page shows them (Payloads/Documented/task-webhooks.*.webhook.json): the
    /// same members, in the same order, with the service's spellings (<c>SUCCESS</c>, <c>"100%"</c>, Unix seconds).
    /// </summary>
    internal static class WebhookEventJson
    {
        public const string Completed = "generation.completed";
        public const string Failed = "generation.failed";
        public const string Test = "endpoint.test";
        public const string TestTaskId = "endpoint_test";

        /// <summary>A task's final event; <paramref name="task"/> must have ended by the time it is sent.</summary>
        public static byte[] TaskEvent(SimulatorState state, SimulatedTask task, string id, DateTimeOffset createdAt)
        {
            var timeline = state.Timeline(task);
            return Write(id, task.WillFail ? Failed : Completed, createdAt, writer =>
            {
                writer.WriteString("task_id", task.Id);

                // As on the status endpoint: only when the submit carried one.
                if (task.ClientBusinessId is not null)
                {
                    writer.WriteString("client_business_id", task.ClientBusinessId);
                }

                writer.WriteString("task_type", "video");
                writer.WriteString("model", state.Model);
                writer.WriteString("status", task.WillFail ? "FAILURE" : "SUCCESS");

                // A failed task's event also says "100%": the page's failure example does.
                writer.WriteString("progress", "100%");
                if (task.WillFail)
                {
                    writer.WriteNull("result");

                    // The same error the status endpoint reports for this task.
                    writer.WriteStartObject("error");
                    writer.WriteString("code", "generation_failed");
                    writer.WriteString("message", "Generation failed: Content violates the content policy");
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStartObject("result");
                    writer.WriteString("type", "video");
                    writer.WriteStartArray("data");
                    writer.WriteStartObject();
                    writer.WriteString("url", state.VideoUrl(task).AbsoluteUri);
                    writer.WriteString("format", "mp4");
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    writer.WriteNull("error");
                }

                writer.WriteNumber("submitted_at", task.CreatedAt.ToUnixTimeSeconds());
                writer.WriteNumber("finished_at", timeline.EndsAt.ToUnixTimeSeconds());
            });
        }

        /// <summary>The console's test event (the page's endpoint-test example): no model, no business id, times of 0.</summary>
        public static byte[] TestEvent(string id, DateTimeOffset createdAt)
            => Write(id, Test, createdAt, writer =>
            {
                writer.WriteString("task_id", TestTaskId);
                writer.WriteString("task_type", "image");
                writer.WriteString("status", "SUCCESS");
                writer.WriteString("progress", "100%");
                writer.WriteStartObject("result");
                writer.WriteString("message", "ToAPIs webhook endpoint test");
                writer.WriteEndObject();
                writer.WriteNull("error");
                writer.WriteNumber("submitted_at", 0);
                writer.WriteNumber("finished_at", 0);
            });

        private static byte[] Write(string id, string type, DateTimeOffset createdAt, Action<Utf8JsonWriter> writeData)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("id", id);
                writer.WriteString("type", type);
                writer.WriteString("api_version", "v1");
                writer.WriteNumber("created_at", createdAt.ToUnixTimeSeconds());
                writer.WriteStartObject("data");
                writeData(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            return buffer.ToArray();
        }
    }
}
