using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KlingO1.Tests.DependencyInjection
{
    public sealed class AddKlingVideoClientTests : IClassFixture<KlingServerFixture>
    {
        private readonly KlingServerFixture _server;

        public AddKlingVideoClientTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
        }

        [Fact]
        public async Task AddKlingVideoClient_Action_ResolvesWorkingClient()
        {
            var services = new ServiceCollection();
            var builder = services.AddKlingVideoClient(o =>
            {
                o.ApiKey = KlingServerFixture.ApiKey;
                o.BaseAddress = _server.BaseAddress;
            });
            Assert.Equal(KlingServiceCollectionExtensions.HttpClientName, builder.Name);
            using var provider = services.BuildServiceProvider();

            var client = provider.GetRequiredService<IKlingVideoClient>();
            var task = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.IsType<KlingVideoClient>(client);
            Assert.Equal("video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ", task.Id);
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, _server.Received().Single().RequestMessage!.Headers!["Authorization"].Single());
        }

        [Fact]
        public async Task AddKlingVideoClient_Configuration_BindsEveryOption()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["KlingO1:ApiKey"] = KlingServerFixture.ApiKey,
                ["KlingO1:BaseAddress"] = _server.BaseAddress.ToString(),
                ["KlingO1:Model"] = "kling-video-o1-next",
                ["KlingO1:Polling:InitialDelay"] = "00:00:02",
                ["KlingO1:Polling:MaxInterval"] = "00:00:20",
                ["KlingO1:Polling:Timeout"] = "00:30:00",
                ["KlingO1:RequestShape"] = "Omni",
            }).Build();
            var services = new ServiceCollection();
            services.AddKlingVideoClient(configuration.GetSection("KlingO1"));
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<KlingVideoClientOptions>>().Value;
            Assert.Equal(_server.BaseAddress, options.BaseAddress);
            Assert.Equal("kling-video-o1-next", options.Model);
            Assert.Equal(TimeSpan.FromSeconds(2), options.Polling.InitialDelay);
            Assert.Equal(TimeSpan.FromSeconds(20), options.Polling.MaxInterval);
            Assert.Equal(TimeSpan.FromMinutes(30), options.Polling.Timeout);
            Assert.Equal(RequestShape.Omni, options.RequestShape);

            await provider.GetRequiredService<IKlingVideoClient>().StartGenerationAsync(new VideoGenerationRequest("A cat", new[] { new Uri("https://example.com/cat.jpg") }));
            var body = _server.Received().Single().RequestMessage!.Body;
            Assert.Contains("kling-video-o1-next", body, StringComparison.Ordinal);
            Assert.Contains("\"image_list\"", body, StringComparison.Ordinal);
        }

        [Fact]
        public void AddKlingVideoClient_InvalidOptions_FailValidationNamingEveryProblem()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
            {
                o.BaseAddress = new Uri("http://toapis.com/");
                o.Polling.InitialDelay = TimeSpan.Zero;
                o.RequestShape = (RequestShape)5;
            });
            using var provider = services.BuildServiceProvider();

            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IKlingVideoClient>());

            Assert.Equal(4, ex.Failures.Count());
            Assert.Contains(ex.Failures, f => f.StartsWith("RequestShape must be Auto, ImageUrls or Omni", StringComparison.Ordinal));
            Assert.Contains(ex.Failures, f => f.StartsWith("ApiKey", StringComparison.Ordinal));
            Assert.Contains(ex.Failures, f => f.StartsWith("BaseAddress", StringComparison.Ordinal));
            Assert.Contains(ex.Failures, f => f.StartsWith("Polling.InitialDelay", StringComparison.Ordinal));
        }

        [Fact]
        public void AddKlingVideoClient_Twice_IsHarmless()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.ApiKey = "k1");
            services.AddKlingVideoClient(o => o.Model = "m2");
            using var provider = services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<KlingVideoClientOptions>>().Value;

            Assert.Equal("k1", options.ApiKey);
            Assert.Equal("m2", options.Model);
            Assert.NotNull(provider.GetRequiredService<IKlingVideoClient>());
            Assert.Single(provider.GetServices<IValidateOptions<KlingVideoClientOptions>>().OfType<KlingO1.DependencyInjection.KlingVideoClientOptionsValidator>());
        }

        [Fact]
        public void AddKlingVideoClient_InvalidOptions_FailStartupValidation()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o => o.Model = "");
            using var provider = services.BuildServiceProvider();

            // The host runs IStartupValidator when it starts; ValidateOnStart registers the options with it.
            var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

            Assert.Contains(ex.Failures, f => f.StartsWith("Model", StringComparison.Ordinal));
        }

        [Fact]
        public void AddKlingVideoClient_NullArguments_Throw()
        {
            Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddKlingVideoClient((Action<KlingVideoClientOptions>)null!));
            Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddKlingVideoClient((IConfiguration)null!));
            Assert.Throws<ArgumentNullException>(() => ((IServiceCollection)null!).AddKlingVideoClient(o => { }));
        }
    }
}
