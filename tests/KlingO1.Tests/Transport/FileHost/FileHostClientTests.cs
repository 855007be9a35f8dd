using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Transport.FileHost;
using KlingO1.Transport.Resilience;
using Microsoft.Extensions.Logging.Abstractions;

namespace KlingO1.Tests.Transport.FileHost
{
    /// <summary>The file-host client: a stale address is asked for again once, any other refusal is thrown as it came.</summary>
    public sealed class FileHostClientTests
    {
        private static readonly Uri Old = new("https://files.example.com/v/old.mp4");
        private static readonly Uri Fresh = new("https://files.example.com/v/fresh.mp4");
        private readonly List<Uri> _fetched = new();

        [Theory]
        [InlineData(HttpStatusCode.Forbidden)]
        [InlineData(HttpStatusCode.Gone)]
        public async Task OpenAsync_StaleAddress_RefreshesOnceAndOpensTheFreshOne(HttpStatusCode stale)
        {
            var refreshes = 0;
            var client = Client(request => request.RequestUri == Fresh ? ScriptedHandler.Body(new MemoryStream(new byte[] { 1, 2, 3 }), 3) : new HttpResponseMessage(stale));

            using var file = await client.OpenAsync(Old, _ => { refreshes++; return Task.FromResult(Fresh); }, "the video", CancellationToken.None);

            Assert.Equal(3, file.Length);
            Assert.Equal(1, refreshes);
            Assert.Equal(new[] { Old, Fresh }, _fetched);
        }

        [Fact]
        public async Task OpenAsync_FreshAddressRefusedToo_ThrowsTheSecondRefusal()
        {
            var refreshes = 0;
            var client = Client(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("AccessDenied") });

            var ex = await Assert.ThrowsAsync<KlingApiException>(
                () => client.OpenAsync(Old, _ => { refreshes++; return Task.FromResult(Fresh); }, "the video", CancellationToken.None));

            Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
            Assert.Contains("AccessDenied", ex.ResponseBodySnippet, StringComparison.Ordinal);
            Assert.Equal(1, refreshes);
            Assert.Equal(new[] { Old, Fresh }, _fetched);
        }

        [Fact]
        public async Task OpenAsync_RefusalOfAnotherKind_ThrownWithoutRefresh()
        {
            var client = Client(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("bad range") });

            var ex = await Assert.ThrowsAsync<KlingApiException>(
                () => client.OpenAsync(Old, _ => throw new InvalidOperationException("not refreshed"), "the video", CancellationToken.None));

            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.Equal(new[] { Old }, _fetched);
        }

        [Fact]
        public async Task OpenAsync_RedirectIntoAPrivateNetwork_RefusedBeforeFollowing()
        {
            var client = Client(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("https://192.168.1.5/admin") } });

            var ex = await Assert.ThrowsAsync<KlingApiException>(
                () => client.OpenAsync(Old, _ => Task.FromResult(Fresh), "the video", CancellationToken.None));

            Assert.Contains("does not fetch", ex.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { Old }, _fetched);
        }

        private FileHostClient Client(Func<HttpRequestMessage, HttpResponseMessage> respond)
        {
            var http = new HttpClient(new ScriptedHandler(request =>
            {
                _fetched.Add(request.RequestUri!);
                return respond(request);
            }));
            var time = new ManualClock();
            var pipelines = new RequestPipelines(new KlingRetryOptions { MaxAttempts = 1 }, new KlingTimeoutOptions(), time, () => 0.5, NullLogger.Instance);
            return new FileHostClient(() => http, new Uri("https://toapis.com/"), "sk-test", time, pipelines, TimeSpan.FromSeconds(5));
        }
    }
}
