using System;
using System.Runtime.InteropServices;
using System.Threading;
using KlingO1.Cli;
using KlingO1.Cli.Output;

// Ctrl+C cancels the command cleanly instead of killing the process mid-download; so does SIGTERM (a service manager,
// `docker stop`, `kill`), which then ends with 143, the exit code that names it.
using var cancellation = new CancellationTokenSource();
var terminated = false;
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Volatile.Write(ref terminated, true);
    cancellation.Cancel();
});

// Progress goes to stderr: redrawn in place on a terminal, fitted to its width; plain lines when redirected.
var cli = new KlingCli(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected, columns: TerminalWidth.Read);
var exitCode = await cli.RunAsync(args, cancellation.Token);
return exitCode == KlingCli.Cancelled && Volatile.Read(ref terminated) ? KlingCli.Terminated : exitCode;
