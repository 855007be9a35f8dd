using System.Diagnostics;
using System.Net;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>
    /// One instance of the service, run as deployed: <c>dotnet KlingO1.WebApi.dll --urls http://127.0.0.1:{port}</c> plus
    /// its settings on the command line, in the service's output folder (copied into service/ beside the tests by the
    /// .csproj). Started means healthy: <see cref="StartAsync"/> returns once <c>GET /health</c> answers 200.
    /// </summary>
    internal sealed class ServiceProcess : IAsyncDisposable
    {
        private static readonly TimeSpan StartupBound = TimeSpan.FromSeconds(90);
        private readonly Process _process;

        private ServiceProcess(string name, Process process, Uri baseAddress, ProcessOutput output, string apiKey)
        {
            Name = name;
            _process = process;
            BaseAddress = baseAddress;
            Output = output;
            Api = new ServiceApi(baseAddress, apiKey);
        }

        /// <summary>Gets the folder the service's build output was copied into.</summary>
        public static string Directory => Path.Combine(AppContext.BaseDirectory, "service");

        public string Name { get; }

        public Uri BaseAddress { get; }

        public ProcessOutput Output { get; }

        /// <summary>Gets the service's HTTP endpoints, called with its key.</summary>
        public ServiceApi Api { get; }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        /// <summary>Starts an instance named <paramref name="name"/> (its <c>Service:InstanceName</c>) and waits until it is healthy.</summary>
        public static async Task<ServiceProcess> StartAsync(string name, ServiceSettings settings)
        {
            var assembly = Path.Combine(Directory, "KlingO1.WebApi.dll");
            Assert.True(File.Exists(assembly), $"{assembly} is missing: the .csproj copies the service's build output there.");

            var port = FreePort.Next();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(assembly);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
            foreach (var argument in settings.ToArguments(name))
            {
                start.ArgumentList.Add(argument);
            }

            // Nothing of the test run's environment may point the service at a real account, another address or another
            // environment's settings: everything it uses is on its command line.
            foreach (var variable in new[] { "TOAPIS_API_KEY", "TOAPIS_BASE_URL", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            {
                start.Environment.Remove(variable);
            }

            var output = new ProcessOutput();
            var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => output.Add(e.Data);
            process.ErrorDataReceived += (_, e) => output.Add(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var service = new ServiceProcess(name, process, baseAddress, output, settings.ServiceApiKey);
            settings.Scene?.Track(service);
            await service.WaitHealthyAsync();
            return service;
        }

        /// <summary>Waits until <c>GET /health</c> answers 200; fails at once when the process ends first.</summary>
        public async Task WaitHealthyAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                await Eventually.UntilAsync($"{Name} to be healthy", () => IsHealthyAsync(http), StartupBound, TimeSpan.FromMilliseconds(100));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{Name} was not healthy within {StartupBound.TotalSeconds:F0} s:\n{Output}");
            }
        }

        private async Task<bool> IsHealthyAsync(HttpClient http)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri(BaseAddress, "health"));
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (TaskCanceledException)
            {
                // Listening, but not answering yet (Eventually retries a refused connection itself).
                return false;
            }
        }

        /// <summary>SIGKILL: the process dies at once, mid-work, with nothing cleaned up, as in a crash or an OOM kill.</summary>
        public async Task KillAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            Assert.True(await WaitForExitAsync(TimeSpan.FromSeconds(30)), $"{Name} still runs 30 s after SIGKILL");
        }

        /// <summary>SIGTERM, as a service manager or <c>docker stop</c> sends it: the service shuts down gracefully.</summary>
        public void Terminate() => Posix.Signal(_process.Id, Posix.Sigterm);

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

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await WaitForExitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            _process.Dispose();
            Api.Dispose();
        }
    }
}
