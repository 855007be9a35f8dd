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

        [Fact]
        public void Problems_BadPolling_ListsEach()
        {
            var options = new KlingVideoClientOptions
            {
                ApiKey = "k",
                Polling = new PollingOptions { InitialDelay = TimeSpan.Zero, MaxInterval = TimeSpan.FromSeconds(-1), Timeout = TimeSpan.FromSeconds(-5) },
            };
            var problems = options.Problems();
            Assert.Equal(3, problems.Count);
            Assert.Contains(problems, p => p.StartsWith("Polling.InitialDelay", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Polling.MaxInterval", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.StartsWith("Polling.Timeout", StringComparison.Ordinal));
        }

        [Fact]
        public void Problems_InfiniteTimeout_Allowed()
            => Assert.Empty(new KlingVideoClientOptions { ApiKey = "k", Polling = new PollingOptions { Timeout = Timeout.InfiniteTimeSpan } }.Problems());

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
            var ex = Assert.Throws<ArgumentException>(() => new KlingVideoClient(new System.Net.Http.HttpClient(), options));
            Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        }
    }
}
