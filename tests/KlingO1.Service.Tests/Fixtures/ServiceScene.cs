using KlingO1.Testing;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Fixtures
{
    /// <summary>What a scene runs around the services under test.</summary>
    internal sealed class SceneOptions
    {
        /// <summary>Gets the simulator's speed: at 20 a 5-second clip takes about 3.5 s.</summary>
        public double TimeScale { get; init; } = 20;

        /// <summary>Gets the simulator's account limits (the default tier: 50 submits in 10 s, 50 status reads a second).</summary>
        public SimulatorRateLimits? RateLimits { get; init; } = SimulatorRateLimits.DefaultTier;

        /// <summary>Gets a value indicating whether the simulator posts webhooks, through the front, to the live instances.</summary>
        public bool Webhooks { get; init; } = true;
    }

    /// <summary>
    /// One test's world: the simulator and the webhook front in the test process (they outlive any service killed), a
    /// temporary folder for SQLite files and videos, and the service instances started in it. <see cref="RunAsync"/>
    /// writes every instance's output to the test's output when the test fails, and tears everything down.
    /// </summary>
    internal sealed class ServiceScene : IAsyncDisposable
    {
        private readonly List<ServiceProcess> _services = new();

        private ServiceScene(KlingSimulator simulator, WebhookFront? front, string? webhookSecret, DirectoryInfo folder)
        {
            Simulator = simulator;
            Front = front;
            WebhookSecret = webhookSecret;
            Folder = folder;
        }

        public KlingSimulator Simulator { get; }

        public WebhookFront? Front { get; }

        public string? WebhookSecret { get; }

        public DirectoryInfo Folder { get; }

        /// <summary>Runs <paramref name="test"/> in a new scene, reporting the processes' output if it fails.</summary>
        public static async Task RunAsync(ITestOutputHelper output, SceneOptions options, Func<ServiceScene, Task> test)
        {
            await using var scene = await CreateAsync(options);
            await scene.ReportFailureAsync(output, () => test(scene));
        }

        /// <summary>Creates a scene (for a class fixture; <see cref="RunAsync"/> for one test).</summary>
        public static async Task<ServiceScene> CreateAsync(SceneOptions options)
        {
            var folder = Directory.CreateTempSubdirectory("kling-service-test-");
            WebhookFront? front = null;
            string? secret = null;
            if (options.Webhooks)
            {
                front = new WebhookFront();
                secret = "whsec_test_" + Guid.NewGuid().ToString("N");
            }

            var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions
            {
                TimeScale = options.TimeScale,
                RateLimits = options.RateLimits,
                Webhook = front is null ? null : new SimulatorWebhookOptions(front.Url, secret!) { Handler = front, Timeout = TimeSpan.FromSeconds(20) },
            });
            return new ServiceScene(simulator, front, secret, folder);
        }

        /// <summary>Runs <paramref name="test"/>; when it throws, writes every instance's output and the simulator's figures first.</summary>
        public async Task ReportFailureAsync(ITestOutputHelper output, Func<Task> test)
        {
            try
            {
                await test();
            }
            catch
            {
                WriteReport(output);
                throw;
            }
        }

        /// <summary>Settings for instances on a SQLite file in the scene's folder.</summary>
        public ServiceSettings SqliteSettings(string fileName = "jobs.db")
            => Settings("Sqlite", $"Data Source={Path.Combine(Folder.FullName, fileName)}");

        /// <summary>Settings for instances of a fleet on one database.</summary>
        public ServiceSettings Settings(string storage, string connectionString) => new()
        {
            Storage = storage,
            ConnectionString = connectionString,
            VideoDirectory = Path.Combine(Folder.FullName, "videos"),
            SimulatorAddress = Simulator.BaseAddress,
            SimulatorApiKey = Simulator.ApiKey,
            WebhookSecret = WebhookSecret,
            CallbackUrl = Front?.Url,
            Scene = this,
        };

        /// <summary>Starts an instance, waits until it is healthy and puts it behind the webhook front.</summary>
        public async Task<ServiceProcess> StartServiceAsync(string name, ServiceSettings settings)
        {
            var service = await ServiceProcess.StartAsync(name, settings);
            Front?.Add(service);
            return service;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var service in Services())
            {
                await service.DisposeAsync();
            }

            // The simulator first: it sends through the front.
            await Simulator.DisposeAsync();
            Front?.Dispose();
            try
            {
                Folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed process's file still open: the temporary folder is left for the system to clear.
            }
        }

        /// <summary>Called by <see cref="ServiceProcess.StartAsync"/>, so even an instance that never got healthy is reported.</summary>
        internal void Track(ServiceProcess service)
        {
            lock (_services)
            {
                _services.Add(service);
            }
        }

        private List<ServiceProcess> Services()
        {
            lock (_services)
            {
                return _services.ToList();
            }
        }

        private void WriteReport(ITestOutputHelper output)
        {
            foreach (var service in Services())
            {
                var state = service.HasExited ? "exited" : "running";
                output.WriteLine($"===== {service.Name} at {service.BaseAddress} ({state}) =====");
                output.WriteLine(service.Output.ToString());
            }

            output.WriteLine($"===== simulator: {Simulator.Tasks.Count} tasks, {Simulator.Requests.Count} requests, "
                + $"{Simulator.Webhooks.Deliveries.Count} webhook deliveries; front: {Front?.Received} received, {Front?.Accepted} accepted, "
                + $"{Front?.Refused} refused, {Front?.Unreachable} unreachable =====");
            foreach (var delivery in Simulator.Webhooks.Deliveries.TakeLast(20))
            {
                output.WriteLine(delivery.ToString());
            }
        }
    }
}
