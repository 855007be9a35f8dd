using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests
{
    /// <summary>The front door: argument checks before any request, addressing, headers and ownership.</summary>
    public sealed class KlingVideoClientTests : IClassFixture<KlingServerFixture>
    {
        private readonly KlingServerFixture _server;

        public KlingVideoClientTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task GetTaskAsync_ValidId_SendsGetWithBearerToTaskPath()
        {
            _server.RespondToGet("video_abc", 200, "{\"id\":\"video_abc\",\"status\":\"queued\",\"progress\":0,\"created_at\":1}");
            using var client = _server.Client();

            var task = await client.GetTaskAsync("video_abc");

            Assert.Equal("video_abc", task.Id);
            var request = Assert.Single(_server.Received()).RequestMessage!;
            Assert.Equal("GET", request.Method);
            Assert.Equal("/v1/videos/generations/video_abc", request.Path);
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, request.Headers!["Authorization"].Single());
            Assert.StartsWith("KlingO1/", request.Headers!["User-Agent"].Single(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_IdWithReservedCharacters_IsEscapedIntoOneSegment()
        {
            using var client = _server.Client();

            await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync("a/b?c=d#e f"));

            var request = Assert.Single(_server.Received()).RequestMessage!;
            // The server decodes the path: the whole id arrived inside it, with no query string or fragment split off.
            Assert.Equal("/v1/videos/generations/a/b?c=d#e f", request.AbsolutePath);
            Assert.Empty(request.Query!);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("..")]
        [InlineData(".")]
        public async Task GetTaskAsync_UnusableId_ThrowsBeforeAnyRequest(string taskId)
        {
            using var client = _server.Client();

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.GetTaskAsync(taskId));

            Assert.Equal("taskId", ex.ParamName);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task WaitForCompletionAsync_NullId_ThrowsBeforeAnyRequest()
        {
            using var client = _server.Client();
            await Assert.ThrowsAsync<ArgumentException>(() => client.WaitForCompletionAsync(null!));
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_NullRequest_ThrowsArgumentNull()
        {
            using var client = _server.Client();
            await Assert.ThrowsAsync<ArgumentNullException>(() => client.StartGenerationAsync(null!));
            await Assert.ThrowsAsync<ArgumentNullException>(() => client.GenerateAsync(null!));
            Assert.Empty(_server.Received());
        }

        [Fact]
        public async Task SubmitAsync_ConfiguredModel_IsSent()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            using var client = _server.Client(configure: o => o.Model = "kling-video-o1-preview");

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Contains("\"model\":\"kling-video-o1-preview\"", _server.Received().Single().RequestMessage!.Body, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_BaseAddressWithPathAndNoTrailingSlash_KeepsThePath()
        {
            _server.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/proxy/v1/videos/generations").UsingPost())
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithBody(Payloads.Read("submit-response.json")));
            using var client = _server.Client(configure: o => o.BaseAddress = new Uri(_server.Server.Url + "/proxy"));

            var task = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Equal("video_01J9HA7JPQ9A0Z6JZ3V8M9W6PZ", task.Id);
        }

        [Fact]
        public async Task SubmitAsync_CallersHandlerChain_SendsTheSdksKeyAndSubmitOnce()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            using var handler = new SocketsHttpHandler();
            using var client = new KlingVideoClient(new KlingO1.Tests.Transport.Resilience.CountingHandler(handler), _server.Options());

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, _server.Received().Single().RequestMessage!.Headers!["Authorization"].Single());
        }

        [Fact]
        public void Constructor_InvalidOptions_ThrowsNamingEveryProblem()
        {
            var options = new KlingVideoClientOptions { ApiKey = " ", Model = "", BaseAddress = new Uri("http://toapis.com/") };

            var ex = Assert.Throws<ArgumentException>(() => new KlingVideoClient(new SocketsHttpHandler(), options));

            Assert.Contains("ApiKey", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Model", ex.Message, StringComparison.Ordinal);
            Assert.Contains("https", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Constructor_ApiKeyOnly_CreatesClientForTheService()
        {
            using var client = new KlingVideoClient("tk-any");
            Assert.NotNull(client);
            Assert.Throws<ArgumentException>(() => new KlingVideoClient(""));
        }

        [Fact]
        public void Constructor_NullArguments_Throw()
        {
            Assert.Throws<ArgumentNullException>(() => new KlingVideoClient((HttpMessageHandler)null!, _server.Options()));
            Assert.Throws<ArgumentNullException>(() => new KlingVideoClient(new SocketsHttpHandler(), null!));
            Assert.Throws<ArgumentNullException>(() => new KlingVideoClient((KlingVideoClientOptions)null!));
        }

        [Fact]
        public async Task Dispose_SuppliedHandler_LeavesItUsableUnlessAskedToDisposeIt()
        {
            _server.RespondToGet("video_abc", 200, "{\"id\":\"video_abc\",\"status\":\"queued\"}");
            var shared = new SocketsHttpHandler();
            using var http = new HttpClient(shared, disposeHandler: false);
            new KlingVideoClient(shared, _server.Options()).Dispose();

            using (var response = await http.GetAsync(new Uri(_server.BaseAddress, "v1/videos/generations/video_abc")))
            {
                Assert.True(response.IsSuccessStatusCode);
            }

            new KlingVideoClient(shared, _server.Options(), disposeHandler: true).Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => http.GetAsync(new Uri(_server.BaseAddress, "v1/videos/generations/video_abc")));
        }

        [Fact]
        public async Task Constructor_HandlerChainThatAlreadySent_IsRefusedRatherThanLeftUnguarded()
        {
            var chain = new KlingO1.Tests.Transport.Resilience.CountingHandler(new SocketsHttpHandler());
            using var used = new HttpClient(chain);
            using (await used.GetAsync(_server.BaseAddress))
            {
            }

            Assert.Throws<InvalidOperationException>(() => { _ = new KlingVideoClient(chain, _server.Options()); });
        }

        [Fact]
        public async Task Options_ChangedAfterConstruction_DoNotAffectClient()
        {
            _server.RespondToSubmit(200, Payloads.Read("submit-response.json"));
            var options = _server.Options();
            using var client = new KlingVideoClient(new SocketsHttpHandler(), options, disposeHandler: true);
            options.ApiKey = "changed-later";
            options.Model = "changed-later";

            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));

            var request = _server.Received().Single().RequestMessage!;
            Assert.Equal("Bearer " + KlingServerFixture.ApiKey, request.Headers!["Authorization"].Single());
            Assert.DoesNotContain("changed-later", request.Body, StringComparison.Ordinal);
        }
    }
}
