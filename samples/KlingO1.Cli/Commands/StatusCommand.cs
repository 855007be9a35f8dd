using System.CommandLine;
using KlingO1.Cli.Output;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling status`: one read of a task.</summary>
    internal static class StatusCommand
    {
        public static Command Create(CliContext context)
            => TaskCommand.Create(context, "status", "Show a task: its status, progress, and video URL once it is done.", async (connection, taskId, cancellationToken) =>
            {
                var task = await connection.Client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(TaskText.Describe(task)).ConfigureAwait(false);
                return ExitCodes.Ok;
            });
    }
}
