using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// The file host (another host than the API) receives nothing of the caller's or the API's credentials: not the API
    /// key, not the SDK client's default headers, not what a handler of the application adds to every request.
    /// </summary>
    public sealed class FileHostCredentialsTests
    {
        private const string VideoHost = "files.kling.test";
        private readonly List<HttpRequestMessage> _seen = new();

        [Fact]
        public async Task DownloadVideoAsync_UnderDiWithDefaultHeadersAndACredentialHandler_TheFileHostGetsOnlyTheUserAgent()
        {
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
                {
                    o.ApiKey = KlingServerFixture.ApiKey;
                    o.BaseAddress = new Uri("https://api.kling.test/");
                })
                .ConfigureHttpClient(c =>
                {
                    c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "another-services-token");
                    c.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", "another-services-key");
                })
                .AddHttpMessageHandler(() => new CredentialHandler())
                .ConfigurePrimaryHttpMessageHandler(() => new ScriptedHandler(Answer));
            using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<IKlingVideoClient>();

            var task = await client.GetTaskAsync("video_done");
            await client.DownloadVideoAsync(task, new CountingStream());

            var download = Assert.Single(_seen, r => r.RequestUri!.Host == VideoHost);
            Assert.Equal(new[] { "User-Agent" }, download.Headers.Select(h => h.Key).ToArray());

            // The API itself gets the SDK's key (what the application adds to the SDK's client on purpose still goes there).
            var read = Assert.Single(_seen, r => r.RequestUri!.Host == "api.kling.test");
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, read.Headers.Authorization!.ToString());
        }

        [Fact]
        public async Task DownloadVideoAsync_ThroughACallersHandlerChainAddingCredentials_TheFileHostGetsNoneOfThem()
        {
            using var client = new KlingVideoClient(
                new CredentialHandler { InnerHandler = new ScriptedHandler(Answer) },
                new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, BaseAddress = new Uri("https://api.kling.test/") },
                disposeHandler: true);
            var task = KlingVideoModelFactory.VideoTask("video_done", VideoTaskStatus.Completed, videoUrl: new Uri($"https://{VideoHost}/video_done.mp4"));

            await client.DownloadVideoAsync(task, new CountingStream());

            var download = Assert.Single(_seen, r => r.RequestUri!.Host == VideoHost);
            Assert.Null(download.Headers.Authorization);
            Assert.False(download.Headers.Contains("Cookie"));
        }

        private HttpResponseMessage Answer(HttpRequestMessage request)
        {
            lock (_seen)
            {
                _seen.Add(request);
            }

            return request.RequestUri!.Host == VideoHost
                ? ScriptedHandler.Body(new SyntheticBody(1024), 1024)
                : new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(
                        $"{{\"id\":\"video_done\",\"status\":\"completed\",\"progress\":100,\"created_at\":1768380224,\"result\":{{\"type\":\"video\",\"data\":[{{\"url\":\"https://{VideoHost}/video_done.mp4\"}}]}}}}",
                        System.Text.Encoding.UTF8,
                        "application/json"),
                };
        }

        /// <summary>An application's handler that puts its own credentials on every request it sees.</summary>
        private sealed class CredentialHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                request.Headers.TryAddWithoutValidation("Cookie", "session=another-services-session");
                request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", "handler-token");
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
