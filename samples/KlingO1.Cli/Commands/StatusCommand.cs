using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Options;
using KlingO1.Cli.Output;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling status`: one read of a task.</summary>
    internal static class StatusCommand
    {
        public static Command Create(CliContext context)
        {
            var taskId = TaskIdArgument.Create();
            var service = new ServiceOptions();
            var command = new Command("status", "Show a task: its status, progress, and video URL once it is done.") { taskId };
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(context, parse, taskId, service, cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(CliContext context, ParseResult parse, Argument<string> taskIdArgument, ServiceOptions service, CancellationToken cancellationToken)
        {
            var taskId = TaskIdArgument.Read(parse, taskIdArgument, "status");
            await using var connection = await ServiceConnection.OpenAsync(
                parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: false, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
            var task = await connection.Client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(TaskText.Describe(task)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }
}
