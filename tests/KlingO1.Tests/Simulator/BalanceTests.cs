using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// <c>GET /v1/balance</c> and <c>GET /v1/user/balance</c> with the documented fields, the balance each accepted
    /// submit spends, and the 402 <c>insufficient_quota</c> once it is spent.
    /// </summary>
    public sealed class BalanceTests
    {
        private static readonly string[] Fields = { "credits_per_usd", "remain_balance", "remain_credits", "unlimited_quota", "used_balance", "used_credits" };
        private readonly ManualClock _clock = new();

        [Fact]
        public async Task GetBalanceAsync_OfTheSdk_ReadsWhatTheSimulatorAnswers_AndA402AfterTheBalanceIsSpent()
        {
            await using var simulator = await StartAsync(new KlingSimulatorOptions { StartingBalance = 0.5m });
            using var client = new KlingVideoClient(new KlingVideoClientOptions { ApiKey = simulator.ApiKey, BaseAddress = simulator.BaseAddress });

            var before = await client.GetBalanceAsync();
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var after = await client.GetUserBalanceAsync();
            var spent = await Assert.ThrowsAsync<KlingInsufficientBalanceException>(() => client.StartGenerationAsync(new VideoGenerationRequest("Another cat")));

            Assert.Equal(0.5m, before.RemainingBalance);
            Assert.False(before.IsUnlimited);
            Assert.True(after.RemainingBalance < 0.5m);
            Assert.True(after.UsedBalance > 0m);
            Assert.Equal("insufficient_quota", spent.ErrorCode);
        }

        [Theory]
        [InlineData("v1/balance")]
        [InlineData("v1/user/balance")]
        public async Task Balance_ByDefault_IsUnlimitedWithTheDocumentedFields(string path)
        {
            await using var simulator = await StartAsync(new KlingSimulatorOptions());

            var answer = await SimulatorHttp.GetAsync(simulator, path);

            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var body = answer.Body!.AsObject();
            Assert.Equal(Fields, body.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
            Assert.True(body["unlimited_quota"]!.GetValue<bool>());
            Assert.All(Fields.Where(f => f != "unlimited_quota"), f => Assert.Equal(JsonValueKind.Number, body[f]!.GetValueKind()));
        }

        [Theory]
        [InlineData("v1/balance")]
        [InlineData("v1/user/balance")]
        public async Task Balance_WithAStartingBalance_ReportsItAndWhatEachSubmitSpent(string path)
        {
            await using var simulator = await StartAsync(new KlingSimulatorOptions { StartingBalance = 10m, CreditsPerUsd = 100m });
            var before = (await SimulatorHttp.GetAsync(simulator, path)).Body!;

            Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(simulator, "std", 5)).Status);
            var after = (await SimulatorHttp.GetAsync(simulator, path)).Body!;

            Assert.Equal((10m, 0m, 1000m, 0m, 100m, false), Figures(before));
            Assert.Equal((9.61m, 0.39m, 961m, 39m, 100m, false), Figures(after));
        }

        [Fact]
        public async Task Submit_BalanceTooLowForTheClip_Is402InsufficientQuotaAndCreatesNoTask()
        {
            // A standard 5 s clip costs $0.39, a professional 10 s one $1.04 (the documented range).
            await using var simulator = await StartAsync(new KlingSimulatorOptions { StartingBalance = 1m });

            var first = await SubmitAsync(simulator, "std", 5);
            var refused = await SubmitAsync(simulator, "pro", 10);
            var cheaper = await SubmitAsync(simulator, "std", 5);

            Assert.Equal((HttpStatusCode.OK, (HttpStatusCode)402, HttpStatusCode.OK), (first.Status, refused.Status, cheaper.Status));
            Assert.Equal("insufficient_quota", refused.Body!["error"]!["code"]!.GetValue<string>());
            Assert.Equal(2, simulator.Tasks.Count);
            Assert.Equal(0.22m, Figures((await SimulatorHttp.GetAsync(simulator, "v1/balance")).Body!).Remain);
        }

        [Fact]
        public async Task SubmitAsync_SpentBalance_ThrowsInsufficientBalance()
        {
            await using var simulator = await StartAsync(new KlingSimulatorOptions { StartingBalance = 0m });
            using var client = new KlingVideoClient(new HttpClient(), new KlingVideoClientOptions { ApiKey = simulator.ApiKey, BaseAddress = simulator.BaseAddress, Retry = new KlingRetryOptions { MaxAttempts = 1 } }, _clock);

            var ex = await Assert.ThrowsAsync<KlingInsufficientBalanceException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));

            Assert.Equal((HttpStatusCode)402, ex.StatusCode);
            Assert.Empty(simulator.Tasks);
        }

        [Fact]
        public async Task Balance_WithoutTheKey_Is401()
        {
            await using var simulator = await StartAsync(new KlingSimulatorOptions());
            using var http = new HttpClient();

            using var response = await http.GetAsync(new Uri(simulator.BaseAddress, "v1/balance"));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        [Theory]
        [InlineData(-1, 100)]
        [InlineData(10, 0)]
        public async Task StartAsync_UnusableBalanceSettings_Throws(int startingBalance, int creditsPerUsd)
            => await Assert.ThrowsAsync<ArgumentException>(() => KlingSimulator.StartAsync(new KlingSimulatorOptions { StartingBalance = startingBalance, CreditsPerUsd = creditsPerUsd }));

        private static (decimal Remain, decimal Used, decimal RemainCredits, decimal UsedCredits, decimal CreditsPerUsd, bool Unlimited) Figures(JsonNode body)
            => (body["remain_balance"]!.GetValue<decimal>(), body["used_balance"]!.GetValue<decimal>(), body["remain_credits"]!.GetValue<decimal>(),
                body["used_credits"]!.GetValue<decimal>(), body["credits_per_usd"]!.GetValue<decimal>(), body["unlimited_quota"]!.GetValue<bool>());

        private static Task<SimulatorHttp.Answer> SubmitAsync(KlingSimulator simulator, string mode, int seconds)
        {
            var body = Payloads.Documented("generation.en.text-to-video.request.json");
            (body["mode"], body["duration"]) = (mode, seconds);
            return SimulatorHttp.SubmitAsync(simulator, body);
        }

        private Task<KlingSimulator> StartAsync(KlingSimulatorOptions options)
        {
            options.TimeProvider = _clock;
            return KlingSimulator.StartAsync(options);
        }
    }
}
