using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// A .NET program run as a child process (<c>dotnet app.dll ...</c>), with its stdout and stderr lines collected as
    /// they come, so a test can wait for a line, send the process a signal and see how it ends.
    /// </summary>
    internal sealed class ChildProcess : IDisposable
    {
        private const int Sigterm = 15;
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private int _openStreams = 2;

        private ChildProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Gets a value indicating whether signals can be sent here (the tests that need them run on Linux and macOS).</summary>
        public static bool SignalsWork => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

        /// <summary>Gets everything the process wrote so far, stdout and stderr interleaved as they arrived.</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public int ExitCode => _process.ExitCode;

        /// <summary>Starts <c>dotnet <paramref name="assembly"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/>.</summary>
        public static ChildProcess StartDotnet(string assembly, string workingDirectory, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(assembly);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // Nothing of this process's may point the child at a real account or another address.
            foreach (var name in new[] { "TOAPIS_API_KEY", "TOAPIS_BASE_URL", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            {
                start.Environment.Remove(name);
            }

            var process = new Process { StartInfo = start };
            var child = new ChildProcess(process);
            process.OutputDataReceived += (_, e) => child.Received(e.Data);
            process.ErrorDataReceived += (_, e) => child.Received(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        /// <summary>Waits for a line <paramref name="match"/> accepts and returns it.</summary>
        /// <exception cref="Xunit.Sdk.XunitException">The process ended, or <paramref name="atMost"/> passed, first.</exception>
        public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan atMost)
        {
            using var guard = new CancellationTokenSource(atMost);
            try
            {
                await foreach (var line in _lines.Reader.ReadAllAsync(guard.Token))
                {
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException) when (guard.IsCancellationRequested)
            {
                Assert.Fail($"No such line within {atMost}; the process wrote:\n{Output}");
            }

            Assert.Fail($"The process ended (exit code {_process.ExitCode}) without writing such a line:\n{Output}");
            return string.Empty;
        }

        /// <summary>Sends SIGTERM, as a service manager, <c>docker stop</c> or <c>kill</c> does.</summary>
        public void Terminate() => Assert.Equal(0, kill(_process.Id, Sigterm));

        /// <summary>Waits for the process to exit; false when it still runs after <paramref name="atMost"/>.</summary>
        public async Task<bool> WaitForExitAsync(TimeSpan atMost)
        {
            using var guard = new CancellationTokenSource(atMost);
            try
            {
                await _process.WaitForExitAsync(guard.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            _process.Dispose();
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                // One stream reached its end; when both have, no line can come any more.
                if (Interlocked.Decrement(ref _openStreams) == 0)
                {
                    _lines.Writer.TryComplete();
                }

                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }

            _lines.Writer.TryWrite(line);
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
