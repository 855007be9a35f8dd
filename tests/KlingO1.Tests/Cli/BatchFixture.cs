using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Cli;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Cli
{
    /// <summary>
    /// A folder, a simulator on loopback and a fake clock they share with the `kling batch` runs of one test: every task
    /// and timer moves only when the test drives the clock; the simulator's task list counts the submits.
    /// </summary>
    internal sealed class BatchFixture : IAsyncDisposable
    {
        private BatchFixture(DirectoryInfo folder, ManualClock clock, KlingSimulator simulator)
        {
            Folder = folder;
            Clock = clock;
            Simulator = simulator;
        }

        public DirectoryInfo Folder { get; }

        public ManualClock Clock { get; }

        public KlingSimulator Simulator { get; }

        public string File => Path.Combine(Folder.FullName, "prompts.txt");

        public string Journal => File + ".journal.jsonl";

        /// <summary>Gets the business ids the simulator's tasks were submitted with, oldest first.</summary>
        public string?[] BusinessIds => Simulator.Tasks.Select(t => t.ClientBusinessId).ToArray();

        public static async Task<BatchFixture> StartAsync(params string[] lines)
        {
            var folder = Directory.CreateTempSubdirectory("kling-batch-");
            var clock = new ManualClock();
            var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = clock, TimeScale = 20 });
            var fixture = new BatchFixture(folder, clock, simulator);
            await System.IO.File.WriteAllLinesAsync(fixture.File, lines);
            return fixture;
        }

        public string PathOf(string name) => Path.Combine(Folder.FullName, name);

        public string[] Videos() => Folder.GetFiles("*.mp4").Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();

        public string[] JournalLines() => System.IO.File.ReadAllLines(Journal);

        /// <summary>Runs `kling batch` on the simulator, driving the clock until it ends.</summary>
        public Task<CliRun> BatchAsync(params string[] options) => BatchAsync(CancellationToken.None, null, options);

        /// <summary>Runs `kling batch` and presses Ctrl+C as soon as it reports <paramref name="taskId"/> submitted.</summary>
        public async Task<CliRun> BatchInterruptedAfterSubmitOfAsync(string taskId, params string[] options)
        {
            using var stop = new CancellationTokenSource();
            return await BatchAsync(stop.Token, line =>
            {
                if (line.Contains("submitted " + taskId, StringComparison.Ordinal))
                {
                    _ = stop.CancelAsync();
                }
            }, options);
        }

        /// <summary>Runs `kling batch`; <paramref name="watch"/> sees each line it writes to stderr as it is written.</summary>
        public async Task<CliRun> BatchAsync(CancellationToken cancellationToken, Action<string>? watch, params string[] options)
        {
            using var output = new StringWriter();
            using var error = new WatchedWriter(watch);
            string[] args = ["batch", File, "--out-dir", Folder.FullName, "--base-url", Simulator.BaseAddress.AbsoluteUri, "--api-key", Simulator.ApiKey, .. options];
            var run = new KlingCli(TextWriter.Synchronized(output), TextWriter.Synchronized(error), interactive: false, Clock).RunAsync(args, cancellationToken);
            await Clock.DriveAsync(run, TimeSpan.FromSeconds(20));
            return new CliRun(await run, output.ToString(), error.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await Simulator.DisposeAsync();
            Folder.Delete(recursive: true);
        }

        /// <summary>A writer that collects text and hands each completed line to a watcher (the test that stops a batch midway).</summary>
        private sealed class WatchedWriter : TextWriter
        {
            private readonly Action<string>? _watch;
            private readonly StringBuilder _all = new();
            private readonly StringBuilder _line = new();

            public WatchedWriter(Action<string>? watch)
            {
                _watch = watch;
            }

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value)
            {
                _all.Append(value);
                if (value == '\n')
                {
                    _watch?.Invoke(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }

            public override string ToString() => _all.ToString();
        }
    }
}
