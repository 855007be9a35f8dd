using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KlingO1.Service.Tests.Fixtures;
using Xunit.Abstractions;

namespace KlingO1.Service.Tests.Surface
{
    /// <summary>
    /// The service key guards everything but <c>/health</c>, the webhook (signed instead) and the page: without it or
    /// with a wrong one the answer is 401 with <c>WWW-Authenticate: ApiKey</c> and no details.
    /// </summary>
    [Collection(SurfaceCollection.Name)]
    public sealed class ApiKeyTests
    {
        private readonly SurfaceService _fixture;
        private readonly ITestOutputHelper _output;

        public ApiKeyTests(SurfaceService fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        public static TheoryData<string, string> GuardedEndpoints => new()
        {
            { "POST", "videos" },
            { "GET", "videos" },
            { "GET", "videos/0123456789abcdef0123456789abcdef" },
            { "GET", "videos/0123456789abcdef0123456789abcdef/video" },
            { "GET", "openapi/v1.json" },
        };

        [Theory]
        [MemberData(nameof(GuardedEndpoints))]
        public Task GuardedEndpoint_WithoutOrWithAWrongKey_Answers401WithTheScheme(string method, string path)
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                using var http = new HttpClient { BaseAddress = _fixture.Service.BaseAddress };
                foreach (var key in new[] { null, "wrong-key", _fixture.Settings.ServiceApiKey + "x" })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (method == "POST")
                    {
                        request.Content = JsonContent.Create(new { prompt = "A cat playing piano" });
                    }

                    if (key is not null)
                    {
                        request.Headers.Add(ServiceApi.KeyHeader, key);
                    }

                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} /{path} with key '{key}' answered {(int)response.StatusCode}: {body}");
                    Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                    Assert.DoesNotContain(_fixture.Settings.ServiceApiKey, body, StringComparison.Ordinal);
                }
            });

        [Fact]
        public Task GuardedEndpoint_WithTheKey_IsServed()
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                using var openApi = await _fixture.Service.Api.Http.GetAsync("openapi/v1.json");
                Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
                Assert.Contains("/videos", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Null(await _fixture.Service.Api.GetJobAsync("0123456789abcdef0123456789abcdef"));
            });

        [Fact]
        public Task Health_WithoutAKey_AnswersHealthyWithTheInstanceAndTheStorage()
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                using var http = new HttpClient { BaseAddress = _fixture.Service.BaseAddress };
                using var response = await http.GetAsync("health");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
                Assert.Equal("surface", health.RootElement.GetProperty("instance").GetString());
                Assert.Equal("Sqlite", health.RootElement.GetProperty("storage").GetString());
            });

        [Fact]
        public Task Page_WithoutAKey_IsServed()
            => _fixture.Scene.ReportFailureAsync(_output, async () =>
            {
                using var http = new HttpClient { BaseAddress = _fixture.Service.BaseAddress };
                foreach (var path in new[] { "/", "/app.js", "/app.css" })
                {
                    using var response = await http.GetAsync(path);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
                }
            });
    }
}
