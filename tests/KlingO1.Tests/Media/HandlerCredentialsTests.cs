using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Legs;
using Microsoft.Extensions.DependencyInjection;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// A network handler that holds credentials answers any host's authentication challenge with them: the file host
    /// asking for them gets none, because its requests leave through a credential-free handler of the SDK's own.
    /// </summary>
    public sealed class HandlerCredentialsTests
    {
        private static readonly Dictionary<string, string> Challenge = new() { ["WWW-Authenticate"] = "Basic realm=\"files\"", ["Content-Length"] = "0" };

        [Fact]
        public async Task DownloadVideoAsync_CallersHandlerWithCredentials_TheChallengingFileHostGetsNone()
        {
            using var server = new RawHttpServer(_ => new RawAnswer(RawAnswerKind.Respond, 401, string.Empty, Challenge));
            var handler = new SocketsHttpHandler { Credentials = new NetworkCredential("gateway-user", "gateway-password") };
            using var client = new KlingVideoClient(handler, new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, BaseAddress = server.BaseAddress }, disposeHandler: true);

            await DownloadRefusedAsync(client, server);
        }

        [Fact]
        public async Task DownloadVideoAsync_DiPrimaryHandlerWithCredentials_TheChallengingFileHostGetsNone()
        {
            using var server = new RawHttpServer(_ => new RawAnswer(RawAnswerKind.Respond, 401, string.Empty, Challenge));
            var services = new ServiceCollection();
            services.AddKlingVideoClient(o =>
                {
                    o.ApiKey = KlingServerFixture.ApiKey;
                    o.BaseAddress = server.BaseAddress;
                })
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { Credentials = new NetworkCredential("gateway-user", "gateway-password") });
            using var provider = services.BuildServiceProvider();

            await DownloadRefusedAsync(provider.GetRequiredService<IKlingVideoClient>(), server);
        }

        private static async Task DownloadRefusedAsync(IKlingVideoClient client, RawHttpServer server)
        {
            var task = KlingVideoModelFactory.VideoTask("video_done", VideoTaskStatus.Completed, videoUrl: new Uri(server.BaseAddress, "files/video_done.mp4"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.DownloadVideoAsync(task, new CountingStream()));

            Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
            var fileRequests = server.Complete.Where(r => r.Path.StartsWith("/files/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(fileRequests);
            Assert.All(fileRequests, r => Assert.Equal(string.Empty, string.Join(",", r.Headers.Where(h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value))));
        }
    }
}
