using System;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Tests.Transport.Resilience;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// The README's contract for failures of the exchange itself (no answer at all): the connection's own
    /// <see cref="HttpRequestException"/> reaches the caller as it was thrown (its <c>HttpRequestError</c> intact), from
    /// every call that reads, uploads or downloads, after the call's retries; a time limit is always
    /// <see cref="KlingTimeoutException"/>, never a bare cancellation; a submit that may have reached the service is
    /// <see cref="VideoSubmitOutcomeUnknownException"/> with the failure inside.
    /// </summary>
    public sealed class TransportFailureContractTests : IDisposable
    {
        private const string TaskId = "video_transport_1";
        private const string VideoPath = "/videos/video_transport_1.mp4";
        private readonly ManualClock _clock = new();
        private readonly ScriptedHandler _handler = new();

        public void Dispose() => _handler.Dispose();

        public static TheoryData<string> Calls => new() { "status read", "key balance", "user balance", "image upload", "video upload", "download" };

        [Theory]
        [MemberData(nameof(Calls))]
        public async Task ConnectionFailureOnEveryAttempt_ReachesTheCallerAsTheHttpRequestExceptionItself(string call)
        {
            var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.kling.test:443)");
            Script(call, Respond.Throw(refused));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => RunAsync(client, call));

            Assert.Same(refused, ex);
            Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        }

        [Theory]
        [MemberData(nameof(Calls))]
        public async Task CutShortByAnotherLimit_IsAKlingTimeoutException_WithTheCancellationInside(string call)
        {
            // What HttpClient.Timeout throws: a cancellation the caller did not ask for.
            var cutShort = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.", new TimeoutException());
            Script(call, Respond.Throw(cutShort));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<KlingTimeoutException>(() => RunAsync(client, call));

            Assert.Same(cutShort, ex.InnerException);
            Assert.IsAssignableFrom<KlingException>(ex);
        }

        [Fact]
        public async Task SubmitThatNeverConnected_ReachesTheCallerAsTheHttpRequestException_SafeToSendAgain()
        {
            var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.kling.test:443)");
            _handler.OnSubmit(Respond.Throw(refused));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => RunAsync(client, "submit"));

            Assert.Same(refused, ex);
        }

        [Fact]
        public async Task SubmitWhoseAnswerBrokeOff_IsOutcomeUnknown_WithTheHttpRequestExceptionInside()
        {
            var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            _handler.OnSubmit(Respond.Throw(ended));
            using var client = ResilientClients.InMemory(_handler, _clock);

            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(() => RunAsync(client, "submit"));

            Assert.Same(ended, ex.InnerException);
            Assert.Equal(1, _handler.Posts);
        }

        private void Script(string call, ScriptedHandler.Step step)
        {
            switch (call)
            {
                case "status read":
                    _handler.OnRead(TaskId, step);
                    break;
                case "key balance":
                    _handler.On("GET", "/v1/balance", step);
                    break;
                case "user balance":
                    _handler.On("GET", "/v1/user/balance", step);
                    break;
                case "image upload":
                    _handler.On("POST", ScriptedHandler.Uploads, step);
                    break;
                case "video upload":
                    _handler.On("POST", "/v1/uploads/videos", step);
                    break;
                case "download":
                    _handler.On("GET", VideoPath, step);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(call), call, "no such call");
            }
        }

        private async Task RunAsync(KlingVideoClient client, string call)
        {
            Task run = call switch
            {
                "submit" => client.StartGenerationAsync(new VideoGenerationRequest("A cat")),
                "status read" => client.GetTaskAsync(TaskId),
                "key balance" => client.GetBalanceAsync(),
                "user balance" => client.GetUserBalanceAsync(),
                "image upload" => client.UploadImageAsync(new MemoryStream(TestImages.Png), "frame.png"),
                "video upload" => client.UploadVideoAsync(new MemoryStream(Media.TestVideos.Mp4), "clip.mp4"),
                "download" => client.DownloadVideoAsync(CompletedTask(), new MemoryStream()),
                _ => throw new ArgumentOutOfRangeException(nameof(call), call, "no such call"),
            };
            await _clock.DriveAsync(run, TimeSpan.FromSeconds(15));
            await run;
        }

        private VideoTask CompletedTask()
        {
            var now = _clock.GetUtcNow();
            return new VideoTask(TaskId, "kling-video-o1", VideoTaskStatus.Completed, 100, now.AddMinutes(-5), now.AddMinutes(-1), now.AddHours(23), new Uri("https://files.kling.test" + VideoPath), null, null);
        }
    }
}
