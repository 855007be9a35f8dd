using System;
using System.Text.Json;

namespace KlingO1.Testing.Endpoints
{
    /// <summary>
    /// Writes a task as the submit and status endpoints return it (the documented generation.cn.submit-200 and
    /// video-status.* examples). last_frame_url and usage are left out: no documented example of this model has them.
    /// </summary>
    internal static class TaskJson
    {
        public static void Write(Utf8JsonWriter writer, SimulatorState state, SimulatedTask task, DateTimeOffset now, bool isSubmitAnswer = false)
        {
            var timeline = state.Timeline(task);
            var status = timeline.StatusAt(now);
            writer.WriteString("id", task.Id);

            // Documented on both answers "only when the request passed client_business_id".
            if (task.ClientBusinessId is not null)
            {
                writer.WriteString("client_business_id", task.ClientBusinessId);
            }

            writer.WriteString("object", "generation.task");
            writer.WriteString("model", state.Model);
            writer.WriteString("status", status);
            writer.WriteNumber("progress", timeline.ProgressAt(now));
            writer.WriteNumber("created_at", task.CreatedAt.ToUnixTimeSeconds());
            if (status == "completed")
            {
                var completedAt = timeline.EndsAt.ToUnixTimeSeconds();
                writer.WriteNumber("completed_at", completedAt);
                writer.WriteNumber("expires_at", completedAt + 86_400);
                writer.WriteStartObject("result");
                writer.WriteString("type", "video");
                writer.WriteStartArray("data");
                writer.WriteStartObject();
                writer.WriteString("url", state.VideoUrl(task).AbsoluteUri);
                writer.WriteString("format", "mp4");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            else if (status == "failed")
            {
                writer.WriteStartObject("error");
                writer.WriteString("code", "generation_failed");
                writer.WriteString("message", "Generation failed: Content violates the content policy");
                writer.WriteEndObject();
            }

            // Only the submit answer carries an (empty) metadata object, as recorded.
            if (isSubmitAnswer)
            {
                writer.WriteStartObject("metadata");
                writer.WriteEndObject();
            }
        }
    }
}
