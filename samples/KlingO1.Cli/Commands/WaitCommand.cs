using System.CommandLine;
using KlingO1.Cli.Output;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling wait`: follows a task (from any process) to its end, with progress and the status reads that failed.</summary>
    internal static class WaitCommand
    {
        public static Command Create(CliContext context)
            => TaskCommand.Create(context, "wait", "Wait for a task to finish, with progress (status reads that fail are retried and shown); then print it.", async (connection, taskId, cancellationToken) =>
            {
                VideoTask task;
                try
                {
                    task = await ProgressWait.RunAsync(context, connection, display => connection.Client.WaitForCompletionAsync(taskId, display, cancellationToken)).ConfigureAwait(false);
                }
                catch (VideoTaskFailedException failed)
                {
                    // A wait that ends in failure throws; the command still prints the task it ended with.
                    await context.Out.WriteLineAsync(TaskText.Describe(failed.Task)).ConfigureAwait(false);
                    return ExitCodes.Failed;
                }

                await context.Out.WriteLineAsync(TaskText.Describe(task)).ConfigureAwait(false);
                return ExitCodes.Ok;
            });
    }
}
