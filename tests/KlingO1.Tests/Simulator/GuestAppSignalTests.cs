using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// A user's web app (tests/KlingO1.GuestApp: its own Kestrel endpoints in appsettings.json, a SIGTERM handler of its
    /// own) with the simulator in-process, run as a real child process: both start, both answer, and SIGTERM still stops
    /// it at once. The one place where the wall clock is measured: a real process and a real signal are under test.
    /// </summary>
    public sealed class GuestAppSignalTests
    {
        private static readonly TimeSpan StartupBound = TimeSpan.FromSeconds(60);

        [Fact]
        public async Task GuestApp_WithOwnEndpointsSettingsAndSigtermHandler_ServesBesideTheSimulatorAndStopsOnSigtermWithinASecond()
        {
            if (!ChildProcess.SignalsWork)
            {
                return;
            }

            // The app's content root is its working directory, as for a deployed app; the simulator shares the directory.
            var workingDirectory = Directory.CreateTempSubdirectory("kling-guest-app-");
            try
            {
                var port = FreePort.Next();
                await File.WriteAllTextAsync(
                    Path.Combine(workingDirectory.FullName, "appsettings.json"),
                    $$"""
                    {
                      "Kestrel": { "Endpoints": { "Http": { "Url": "http://127.0.0.1:{{port}}" } } },
                      "Logging": { "LogLevel": { "Default": "Warning" } }
                    }
                    """);
                using var guest = ChildProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "KlingO1.GuestApp.dll"), workingDirectory.FullName);

                var ready = await guest.WaitForLineAsync(line => line.StartsWith("ready ", StringComparison.Ordinal), StartupBound);
                var simulator = new Uri(Regex.Match(ready, @"simulator=(\S+)", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value);
                using (var http = new HttpClient())
                {
                    Assert.Equal("guest app", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
                    using var keyless = await http.GetAsync(new Uri(simulator, "v1/balance"));
                    Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
                }

                var clock = Stopwatch.StartNew();
                guest.Terminate();
                var exited = await guest.WaitForExitAsync(TimeSpan.FromSeconds(30));
                clock.Stop();

                Assert.True(exited, "still running 30 s after SIGTERM:\n" + guest.Output);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped {clock.Elapsed.TotalMilliseconds:F0} ms after SIGTERM:\n{guest.Output}");
                Assert.Contains("guest: SIGTERM", guest.Output, StringComparison.Ordinal);
                Assert.Contains("guest: stopped", guest.Output, StringComparison.Ordinal);
            }
            finally
            {
                workingDirectory.Delete(recursive: true);
            }
        }
    }
}
