using System;
using System.Globalization;

namespace KlingO1.Cli.Output
{
    /// <summary>How `kling status` and `kling wait` print a task.</summary>
    internal static class TaskText
    {
        public static string Describe(VideoTask task)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{task.Id}  {task.Status}  {task.Progress}%  created {task.CreatedAt:u}");
            if (task.VideoUrl is not null)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"{Environment.NewLine}video: {task.VideoUrl} (expires {task.ExpiresAt:u})");
            }

            return task.Error is null ? text : text + Environment.NewLine + "error: " + task.Error;
        }
    }
}
