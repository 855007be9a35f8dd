using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Options;
using KlingO1.Cli.Output;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>`kling download`: saves a finished task's video.</summary>
    internal static class DownloadCommand
    {
        public static Command Create(CliContext context)
        {
            var taskId = TaskIdArgument.Create();
            var output = new OutputOptions("<task-id>.mp4");
            var service = new ServiceOptions();
            var command = new Command("download", "Save a finished task's video (the service keeps it 24 hours).") { taskId };
            output.AddTo(command);
            service.AddTo(command);
            command.SetAction((parse, cancellationToken) => RunAsync(context, parse, taskId, output, service, cancellationToken));
            return command;
        }

        private static async Task<int> RunAsync(CliContext context, ParseResult parse, Argument<string> taskIdArgument, OutputOptions outputOptions, ServiceOptions service, CancellationToken cancellationToken)
        {
            var taskId = TaskIdArgument.Read(parse, taskIdArgument, "download");
            var overwrite = parse.GetValue(outputOptions.Overwrite);
            var output = OutputTarget.Resolve(parse.GetValue(outputOptions.Out), taskId + ".mp4", overwrite);
            await using var connection = await ServiceConnection.OpenAsync(
                parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: false, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
            var task = await connection.Client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            var bytes = await VideoSaver.SaveAsync(connection, task, output, overwrite, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(VideoSaver.Saved(output, bytes, task.Id)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }
}
