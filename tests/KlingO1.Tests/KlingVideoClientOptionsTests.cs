using System;
using System.Threading;

namespace KlingO1.Tests
{
    public sealed class KlingVideoClientOptionsTests
    {
        [Fact]
        public void Defaults_MatchTheServiceAdvice()
        {
            var options = new KlingVideoClientOptions();
            Assert.Equal(new Uri("https://toapis.com/"), options.BaseAddress);
            Assert.Equal("kling-video-o1", options.Model);
            Assert.Equal(TimeSpan.FromSeconds(5), options.Polling.InitialDelay);
            Assert.Equal(TimeSpan.FromSeconds(15), options.Polling.MaxInterval);
            Assert.Equal(TimeSpan.FromMinutes(10), options.Polling.Timeout);
        }

        [Theory]
        [InlineData("https://toapis.com/")]
        [InlineData("http://127.0.0.1:5000/")]
        [InlineData("http://localhost:8080/")]
        [InlineData("http://[::1]:8080/")]
        public void Problems_UsableBaseAddress_None(string address)
            => Assert.Empty(new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri(address) }.Problems());

        [Theory]
        [InlineData("http://toapis.com/")]
        [InlineData("ftp://toapis.com/")]
        [InlineData("http://192.168.1.10/")]
        public void Problems_InsecureBaseAddress_Refused(string address)
        {
            var problem = Assert.Single(new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri(address) }.Problems());
            Assert.Contains("https", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void Problems_RelativeBaseAddress_Refused()
            => Assert.Contains("absolute", Assert.Single(new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri("/api", UriKind.Relative) }.Problems()), StringComparison.Ordinal);

        [Fact]
        public void Problems_ApiKeyWithWhiteSpace_Refused()
            => Assert.Contains("white space", Assert.Single(new KlingVideoClientOptions { ApiKey = "tk abc\n" }.Problems()), StringComparison.Ordinal);

        [Theory]
        [InlineData("tk-\u0430bc")] // a Cyrillic look-alike of "a"
        [InlineData("tk-caf\u00e9")]
        [InlineData("tk-\uff41bc")] // fullwidth "a"
        public void Problems_NonAsciiApiKey_RefusedBeforeAnythingIsSent(string key)
            => Assert.Contains("visible ASCII", Assert.Single(new KlingVideoClientOptions { ApiKey = key }.Problems()), StringComparison.Ordinal);

        [Fact]
        public void Problems_HugeApiKey_Refused()
            => Assert.Contains("4,096", Assert.Single(new KlingVideoClientOptions { ApiKey = new string('k', 5000) }.Problems()), StringComparison.Ordinal);

        [Theory]
        [InlineData("https://toapis.com/v1")]
        [InlineData("https://toapis.com/v1/")]
        [InlineData("https://gateway.example.com/toapis/V1/videos")]
        public void Problems_BaseAddressWithTheVersionPath_RefusedNamingIt(string address)
        {
            var problem = Assert.Single(new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri(address) }.Problems());
            Assert.StartsWith("BaseAddress must end before /v1", problem, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("https://toapis.com/?x=1")]
        [InlineData("https://toapis.com/#top")]
        [InlineData("https://user:secret@toapis.com/")]
        public void Problems_BaseAddressWithQueryFragmentOrUserInfo_Refused(string address)
            => Assert.StartsWith("BaseAddress must not", Assert.Single(new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri(address) }.Problems()), StringComparison.Ordinal);

        [Fact]
        public async System.Threading.Tasks.Task SubmitAsync_GatewayPathPrefix_IsKeptOnceInTheAddress()
        {
            Uri? sent = null;
            using var handler = new KlingO1.Tests.Infrastructure.ScriptedHandler(request =>
            {
                sent = request.RequestUri;
                return new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new System.Net.Http.StringContent(KlingO1.Tests.Infrastructure.Payloads.Read("submit-response.json")),
                };
            });
            using var client = new KlingVideoClient(handler, new KlingVideoClientOptions { ApiKey = "k", BaseAddress = new Uri("https://gateway.example.com/toapis") });

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Equal(new Uri("https://gateway.example.com/toapis/v1/videos/generations"), sent);
        }

        [Fact]
        public void Problems_EveryTimeSpanOutOfRange_NamesEachOption()
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = "k",
                Polling = new KlingPollingOptions { InitialDelay = TimeSpan.FromHours(2), MaxInterval = TimeSpan.MaxValue, Timeout = TimeSpan.MaxValue, Strategy = (PollingStrategy)9 },
                Retry = new KlingRetryOptions { MaxAttempts = 1000, BaseDelay = TimeSpan.FromDays(1), MaxDelay = TimeSpan.MaxValue, MaxRetryAfter = TimeSpan.MaxValue },
            };

            var problems = options.Problems();

            foreach (var name in new[] { "Polling.InitialDelay", "Polling.MaxInterval", "Polling.Timeout", "Polling.Strategy", "Retry.MaxAttempts", "Retry.BaseDelay", "Retry.MaxDelay", "Retry.MaxRetryAfter" })
            {
                Assert.Contains(problems, p => p.StartsWith(name + " must", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void Problems_NegativeRetryDelays_Refused()
        {
            var problems = new KlingVideoClientOptions { ApiKey = "k", Retry = new KlingRetryOptions { BaseDelay = TimeSpan.FromSeconds(-1), MaxRetryAfter = TimeSpan.FromSeconds(-1) } }.Problems();

            Assert.Contains(problems, p => p.StartsWith("Retry.BaseDelay must not be negative", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Retry.MaxRetryAfter must not be negative", StringComparison.Ordinal));
        }

        [Fact]
        public void Problems_UnusableModel_Refused()
            => Assert.StartsWith("Model must be", Assert.Single(new KlingVideoClientOptions { ApiKey = "k", Model = "kling video" }.Problems()), StringComparison.Ordinal);

        [Fact]
        public void Problems_BadPolling_ListsEach()
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = "k",
                Polling = new KlingPollingOptions { InitialDelay = TimeSpan.Zero, MaxInterval = TimeSpan.FromSeconds(-1), Timeout = TimeSpan.FromSeconds(-5) },
            };
            var problems = options.Problems();
            Assert.Equal(3, problems.Count);
            Assert.Contains(problems, p => p.StartsWith("Polling.InitialDelay", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Polling.MaxInterval", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Polling.Timeout", StringComparison.Ordinal));
        }

        [Fact]
        public void Problems_InfiniteTimeout_Allowed()
            => Assert.Empty(new KlingVideoClientOptions { ApiKey = "k", Polling = new KlingPollingOptions { Timeout = Timeout.InfiniteTimeSpan } }.Problems());

        [Fact]
        public void ToString_NeverShowsTheApiKey()
        {
            var options = new KlingVideoClientOptions { ApiKey = "tk-secret-value-123" };
            Assert.DoesNotContain("tk-secret-value-123", options.ToString(), StringComparison.Ordinal);
            Assert.Contains("(set)", options.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void ApiKeyInvalidMessage_NeverShowsTheKey()
        {
            var options = new KlingVideoClientOptions { ApiKey = "tk secret with spaces" };
            var ex = Assert.Throws<ArgumentException>(() => new KlingVideoClient(new System.Net.Http.SocketsHttpHandler(), options));
            Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        }
    }
}
