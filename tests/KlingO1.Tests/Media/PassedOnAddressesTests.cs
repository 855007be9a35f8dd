using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Media
{
    /// <summary>
    /// Addresses that come from an answer are checked like input: an upload's URL goes into a billed submit, a video URL
    /// is fetched by the SDK. Nothing is sent to an address the rules refuse.
    /// </summary>
    public sealed class PassedOnAddressesTests
    {
        private int _requests;

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("javascript:alert(1)")]
        [InlineData("data:image/png;base64,iVBORw0KGgo=")]
        [InlineData("https://user:secret@files.example.com/a.png")]
        public async Task UploadImageAsync_AnswerWithAnUnusableUrl_IsAnUnreadableAnswer(string url)
        {
            using var client = Client("https://api.kling.test/", _ => Json($"{{\"success\":true,\"data\":{{\"id\":\"file_1\",\"url\":\"{url}\",\"mime_type\":\"image/png\",\"size\":67}}}}"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.UploadImageAsync(new System.IO.MemoryStream(TestImages.Png), "a.png"));

            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.Contains("upload answer", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("http://files.example.com/v.mp4", "plain http")]
        [InlineData("https://10.0.0.5/v.mp4", "private")]
        [InlineData("https://169.254.169.254/latest/meta-data", "private")]
        [InlineData("https://127.0.0.1/v.mp4", "loopback")]
        [InlineData("https://[fd00::1]/v.mp4", "private")]
        [InlineData("https://user:pw@files.example.com/v.mp4", "user name or password")]
        public async Task DownloadVideoAsync_UrlTheSdkDoesNotFetch_IsRefusedBeforeAnyRequest(string url, string reason)
        {
            using var client = Client("https://api.kling.test/", _ => ScriptedHandler.Body(new SyntheticBody(10), 10));
            var task = KlingVideoModelFactory.VideoTask("video_x", VideoTaskStatus.Completed, videoUrl: new Uri(url));

            var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadVideoAsync(task, new CountingStream()));

            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, _requests);
        }

        [Fact]
        public async Task DownloadVideoAsync_LocalServiceHandsOutALoopbackHttpUrl_IsFetched()
        {
            // Local testing (the simulator): a service on loopback may serve its files the same way.
            using var client = Client("http://127.0.0.1:5000/", _ => ScriptedHandler.Body(new SyntheticBody(10), 10));
            var task = KlingVideoModelFactory.VideoTask("video_x", VideoTaskStatus.Completed, videoUrl: new Uri("http://127.0.0.1:5001/files/video_x.mp4"));

            Assert.Equal(10, await client.DownloadVideoAsync(task, new CountingStream()));
        }

        [Theory]
        [InlineData("https://10.1.2.3/internal/secret", "private")]
        [InlineData("https://169.254.169.254/latest/meta-data", "private")]
        [InlineData("http://cdn.example.com/v.mp4", "plain http")]
        [InlineData("/../../admin", null)]
        public async Task DownloadVideoAsync_RedirectIntoTheCallersNetwork_IsNotFollowed(string location, string? reason)
        {
            var fetched = new System.Collections.Concurrent.ConcurrentBag<string>();
            using var client = Client("https://api.kling.test/", request =>
            {
                fetched.Add(request.RequestUri!.Host);
                return request.RequestUri.Host == "files.example.com" && request.RequestUri.AbsolutePath == "/v.mp4"
                    ? Redirect(location.StartsWith('/') ? "https://10.9.9.9" + location : location)
                    : ScriptedHandler.Body(new SyntheticBody(10), 10);
            });
            var task = KlingVideoModelFactory.VideoTask("video_x", VideoTaskStatus.Completed, videoUrl: new Uri("https://files.example.com/v.mp4"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.DownloadVideoAsync(task, new CountingStream()));

            Assert.Equal(HttpStatusCode.Found, ex.StatusCode);
            Assert.Contains(reason ?? "private", ex.Message, StringComparison.Ordinal);
            Assert.Equal(new[] { "files.example.com" }, fetched);
        }

        [Fact]
        public async Task DownloadVideoAsync_RedirectToAnotherPublicHost_IsFollowedHopByHop()
        {
            var fetched = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var client = Client("https://api.kling.test/", request =>
            {
                fetched.Enqueue(request.RequestUri!.AbsoluteUri);
                return request.RequestUri.Host switch
                {
                    "files.example.com" => Redirect("https://cdn.example.net/a/v.mp4"),
                    "cdn.example.net" when request.RequestUri.AbsolutePath == "/a/v.mp4" => Redirect("b/v.mp4"),
                    _ => ScriptedHandler.Body(new SyntheticBody(10), 10),
                };
            });
            var task = KlingVideoModelFactory.VideoTask("video_x", VideoTaskStatus.Completed, videoUrl: new Uri("https://files.example.com/v.mp4"));

            Assert.Equal(10, await client.DownloadVideoAsync(task, new CountingStream()));
            Assert.Equal(new[] { "https://files.example.com/v.mp4", "https://cdn.example.net/a/v.mp4", "https://cdn.example.net/a/b/v.mp4" }, fetched);
        }

        [Fact]
        public async Task DownloadVideoAsync_EndlessRedirects_StopAfterFive()
        {
            var hops = 0;
            using var client = Client("https://api.kling.test/", _ => Redirect("https://files.example.com/v" + Interlocked.Increment(ref hops) + ".mp4"));
            var task = KlingVideoModelFactory.VideoTask("video_x", VideoTaskStatus.Completed, videoUrl: new Uri("https://files.example.com/v.mp4"));

            var ex = await Assert.ThrowsAnyAsync<KlingApiException>(() => client.DownloadVideoAsync(task, new CountingStream()));

            Assert.Contains("at most 5", ex.Message, StringComparison.Ordinal);
            Assert.Equal(6, hops);
        }

        private static HttpResponseMessage Redirect(string location)
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            return response;
        }

        private KlingVideoClient Client(string baseAddress, Func<HttpRequestMessage, HttpResponseMessage> answer)
            => new(
                new ScriptedHandler(request =>
                {
                    Interlocked.Increment(ref _requests);
                    return answer(request);
                }),
                new KlingVideoClientOptions { ApiKey = KlingServerFixture.ApiKey, BaseAddress = new Uri(baseAddress), Retry = new KlingRetryOptions { MaxAttempts = 1 } },
                disposeHandler: true);

        private static HttpResponseMessage Json(string body)
            => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
