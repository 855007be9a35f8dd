using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Options;
using KlingO1.Cli.Output;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling wait`: follows a task (from any process) to its end, with progress and the status reads that failed.</summary>
    internal static class WaitCommand
    {
        public static Command Create(CliContext context)
        {
            var taskId = TaskIdArgument.Create();
            var service = new ServiceOptions();
            var command = new Command("wait", "Wait for a task to finish, with progress (status reads that fail are retried and shown); then print it.") { taskId };
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(context, parse, taskId, service, cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(CliContext context, ParseResult parse, Argument<string> taskIdArgument, ServiceOptions service, CancellationToken cancellationToken)
        {
            var taskId = TaskIdArgument.Read(parse, taskIdArgument, "wait");
            await using var connection = await ServiceConnection.OpenAsync(
                parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: false, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
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
        }
    }
}
