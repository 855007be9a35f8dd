using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli.Options;
using KlingO1.Cli.Service;

namespace KlingO1.Cli.Commands
{
    /// <summary>A command about one existing task (`status`, `wait`): its id argument and the service options, then its work with the service open.</summary>
    internal static class TaskCommand
    {
        public static Command Create(CliContext context, string name, string description, Func<ServiceConnection, string, CancellationToken, Task<int>> run)
        {
            var taskIdArgument = TaskIdArgument.Create();
            var service = new ServiceOptions();
            var command = new Command(name, description) { taskIdArgument };
            service.AddTo(command);
            command.SetAction(async (parse, cancellationToken) =>
            {
                var taskId = TaskIdArgument.Read(parse, taskIdArgument, name);
                await using var connection = await ServiceConnection.OpenAsync(
                    parse.GetValue(service.ApiKey), parse.GetValue(service.BaseUrl), allowSimulator: false, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
                return await run(connection, taskId, cancellationToken).ConfigureAwait(false);
            });
            return command;
        }
    }
}
