using System;
using System.Threading.Tasks;
using KlingO1.Testing;

namespace KlingO1.Tests.Simulator.Webhooks
{
    /// <summary>The webhook configuration is checked at start; without one, the console's actions are refused.</summary>
    public sealed class SimulatorWebhookOptionsTests
    {
        [Theory]
        [InlineData("ftp://127.0.0.1/hook", "secret", "Webhook.Url")]
        [InlineData("http://user:pw@127.0.0.1/hook", "secret", "Webhook.Url")]
        [InlineData("http://127.0.0.1/hook", "", "Webhook.Secret")]
        [InlineData("http://127.0.0.1/hook", "  ", "Webhook.Secret")]
        public async Task Start_UnusableWebhook_RefusedNamingTheSetting(string url, string secret, string named)
        {
            var options = new KlingSimulatorOptions { Webhook = new SimulatorWebhookOptions(new Uri(url), secret) };

            var error = await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(options));

            Assert.Contains(named, error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Start_RelativeUrlOrNoTimeout_Refused()
        {
            var options = new KlingSimulatorOptions
            {
                Webhook = new SimulatorWebhookOptions(new Uri("hook", UriKind.Relative), "secret") { Timeout = TimeSpan.Zero },
            };

            var error = await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(options));

            Assert.Contains("Webhook.Url", error.Message, StringComparison.Ordinal);
            Assert.Contains("Webhook.Timeout", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task NotConfigured_TestEventAndRotationRefused_AndTasksSendNothing()
        {
            await using var simulator = await KlingSimulator.StartAsync();

            await Assert.ThrowsAsync<InvalidOperationException>(() => simulator.Webhooks.SendTestEventAsync());
            Assert.Throws<InvalidOperationException>(() => simulator.Webhooks.RotateSecret("whsec_new"));
            Assert.Empty(simulator.Webhooks.Events);
        }
    }
}
