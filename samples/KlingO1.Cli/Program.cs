using System;
using System.Threading;
using KlingO1.Cli;

// Ctrl+C cancels the command cleanly instead of killing the process mid-download.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var cli = new KlingCli(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
return await cli.RunAsync(args, cancellation.Token);
