using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Readme
{
    /// <summary>
    /// The README's fleet limiters ("A fleet on one API key") as shown: configured through the options, every status read
    /// and submit of the resolved client takes its permit from them.
    /// </summary>
    public sealed class FleetLimiterReadmeExampleTests
    {
        [Fact]
        public async Task FleetLimitersSection_Runs()
        {
            await using var simulator = await KlingSimulator.StartAsync();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["KlingO1:ApiKey"] = simulator.ApiKey,
                ["KlingO1:BaseAddress"] = simulator.BaseAddress.ToString(),
            }).Build();
            var services = new ServiceCollection();
            var reads = new PermitDesk(initialPermits: 10);
            var submits = new PermitDesk(initialPermits: 10);
            services.AddSingleton(new FleetRateLimits(reads, submits));

            // README: README.md
            services.AddKlingVideoClient(configuration.GetSection("KlingO1"));
            services.AddOptions<KlingVideoClientOptions>().Configure<FleetRateLimits>((options, fleet) =>
            {
                options.StatusReadLimiter = fleet.StatusReads;   // e.g. 40 a second for every instance together
                options.SubmitLimiter = fleet.Submits;
            });
            // README end

            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IKlingVideoClient>();
            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat playing piano"));
            await client.GetTaskAsync(generation.Id);

            Assert.Equal(1, submits.Given);
            Assert.Equal(1, reads.Given);
        }

        /// <summary>What an application registers: the limiters its instances share.</summary>
        private sealed class FleetRateLimits
        {
            public FleetRateLimits(RateLimiter statusReads, RateLimiter submits)
            {
                StatusReads = statusReads;
                Submits = submits;
            }

            public RateLimiter StatusReads { get; }

            public RateLimiter Submits { get; }
        }
    }
}
