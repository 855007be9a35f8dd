using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Transport.Resilience;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// <c>GET /v1/balance</c> and <c>GET /v1/user/balance</c>. The docs name the fields but show no JSON, so the answer is
    /// read flat or under <c>data</c>; these bodies are built from the documented field names.
    /// </summary>
    public sealed class AccountBalanceTests : IClassFixture<KlingServerFixture>
    {
        private const string KeyPath = "/v1/balance";
        private const string UserPath = "/v1/user/balance";
        private const string Flat =
            "{\"remain_balance\":12.3456789,\"used_balance\":7.5,\"remain_credits\":2469.13578,\"used_credits\":1500,\"credits_per_usd\":200,\"unlimited_quota\":false,\"extra\":{}}";

        private readonly KlingServerFixture _server;

        public AccountBalanceTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task GetBalanceAsync_FlatAnswer_SendsGetWithBearerAndReadsEveryFieldExactly()
        {
            Answer(KeyPath, 200, Flat);
            using var client = _server.Client();

            var balance = await client.GetBalanceAsync();

            Assert.Equal(12.3456789m, balance.RemainingBalance);
            Assert.Equal(7.5m, balance.UsedBalance);
            Assert.Equal(2469.13578m, balance.RemainingCredits);
            Assert.Equal(1500m, balance.UsedCredits);
            Assert.Equal(200m, balance.CreditsPerUsd);
            Assert.False(balance.IsUnlimited);
            Assert.Equal("12.3456789 left, 2469.13578 credits left", balance.ToString());
            var request = Assert.Single(_server.Received()).RequestMessage!;
            Assert.Equal("GET", request.Method);
            Assert.Equal(KeyPath, request.Path);
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, request.Headers!["Authorization"].Single());
            Assert.Equal("application/json", request.Headers!["Accept"].Single());
        }

        [Fact]
        public async Task GetUserBalanceAsync_DataWrapperWithStrings_ReadsTheUsersBalance()
        {
            Answer(UserPath, 200, "{\"success\":true,\"message\":\"\",\"data\":{\"remain_balance\":\"99.10\",\"used_balance\":\"0.90\",\"remain_credits\":\"19820\",\"used_credits\":\"180\",\"credits_per_usd\":\"200\",\"unlimited_quota\":\"false\"}}");
            using var client = _server.Client();

            var balance = await client.GetUserBalanceAsync();

            Assert.Equal(99.10m, balance.RemainingBalance);
            Assert.Equal(0.90m, balance.UsedBalance);
            Assert.Equal(19820m, balance.RemainingCredits);
            Assert.Equal(180m, balance.UsedCredits);
            Assert.Equal(200m, balance.CreditsPerUsd);
            Assert.Equal(UserPath, Assert.Single(_server.Received()).RequestMessage!.Path);
        }

        [Fact]
        public async Task GetBalanceAsync_UnlimitedQuota_IsFlaggedWhateverTheRemainingSays()
        {
            Answer(KeyPath, 200, "{\"success\":true,\"remain_balance\":-1,\"used_balance\":3,\"unlimited_quota\":true}");
            using var client = _server.Client();

            var balance = await client.GetBalanceAsync();

            Assert.True(balance.IsUnlimited);
            Assert.Equal(-1m, balance.RemainingBalance);
            Assert.Null(balance.RemainingCredits);
            Assert.Equal("unlimited quota", balance.ToString());
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"success\":true,\"data\":{}}")]
        [InlineData("{\"remain_balance\":\"plenty\"}")]
        [InlineData("{\"remain_balance\":1e40}")]
        [InlineData("{\"unlimited_quota\":\"maybe\"}")]
        [InlineData("[1,2]")]
        [InlineData("null")]
        public async Task GetBalanceAsync_NoUsableBalanceField_ThrowsApiExceptionWrappingJsonException(string body)
        {
            Answer(KeyPath, 200, body);
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetBalanceAsync());

            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.IsAssignableFrom<JsonException>(ex.InnerException);
        }

        [Fact]
        public async Task GetBalanceAsync_SuccessFalse_ThrowsWithTheServicesMessageMasked()
        {
            Answer(KeyPath, 200, "{\"success\":false,\"message\":\"Failed to get token info for " + KlingServerFixture.ApiKey + "\"}");
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetBalanceAsync());

            Assert.Equal("Failed to get token info for ***", ex.ErrorMessage);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetBalanceAsync_401_ThrowsAuthentication()
        {
            Answer(KeyPath, 401, Payloads.Read("error-401.json"));
            using var client = _server.Client();

            await Assert.ThrowsAsync<KlingAuthenticationException>(() => client.GetBalanceAsync());
        }

        [Fact]
        public async Task GetBalanceAsync_503Then200_IsRetriedLikeAStatusRead()
        {
            var clock = new ManualClock();
            using var handler = new ScriptedHandler();
            handler.On("GET", KeyPath, Respond.Error(503), Respond.Error(429, "rate_limit_exceeded", retryAfter: "3"), Respond.Status(200, Flat));
            using var client = ResilientClients.InMemory(handler, clock);

            var read = client.GetBalanceAsync();
            var slept = await clock.DriveAsync(read, TimeSpan.FromSeconds(15));

            Assert.Equal(12.3456789m, (await read).RemainingBalance);
            Assert.Equal(new[] { TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3) }, slept);   // backoff (jitter off: half), then Retry-After
            Assert.Equal(3, handler.Count("GET", KeyPath));
        }

        [Fact]
        public async Task GetBalanceAsync_DisposedClient_ThrowsBeforeAnyRequest()
        {
            var client = _server.Client();
            client.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetUserBalanceAsync());
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task ReadmeAccountBalanceExample_Runs()
        {
            Answer(KeyPath, 200, "{\"remain_balance\":2.5,\"remain_credits\":500,\"unlimited_quota\":false}");
            using var client = _server.Client();
            var low = false;

            // The README's "Account balance" example, verbatim but for the flag this test reads (Console is shared by tests).
            var balance = await client.GetBalanceAsync();   // this API key's; GetUserBalanceAsync() for the account's
            if (!balance.IsUnlimited && balance.RemainingCredits < 1_000)
            {
                low = true;
            }

            Assert.True(low);
            Assert.Equal("2.5 left, 500 credits left", balance.ToString());
        }

        private void Answer(string path, int status, string body)
            => _server.Server.Given(Request.Create().WithPath(path).UsingGet())
                .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }
}
