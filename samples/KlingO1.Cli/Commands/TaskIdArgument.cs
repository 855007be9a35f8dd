using System.CommandLine;
using KlingO1.Cli.Errors;

namespace KlingO1.Cli.Commands
{
    /// <summary>The task id that `status`, `wait` and `download` take (a business id finds the task too).</summary>
    internal static class TaskIdArgument
    {
        public static Argument<string> Create() => new("task-id")
        {
            Description = "The task's id (video_...), as `kling generate` printed it, or the business id it was submitted with.",
        };

        /// <exception cref="CliUsageException">The id is blank.</exception>
        public static string Read(ParseResult parse, Argument<string> argument, string command)
        {
            var id = parse.GetValue(argument);
            return string.IsNullOrWhiteSpace(id) ? throw new CliUsageException($"kling {command} needs a task id.") : id.Trim();
        }
    }
}
