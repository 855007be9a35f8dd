using BenchmarkDotNet.Running;
using KlingO1.Benchmarks.Polling;

// `-- polling` replays the 1,000-task trace against polling strategies; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "polling")
{
    PollingStrategySimulation.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
