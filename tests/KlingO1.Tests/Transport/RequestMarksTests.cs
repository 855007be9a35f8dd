using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;
using KlingO1.Transport;
using KlingO1.Transport.SingleSend;

namespace KlingO1.Tests.Transport
{
    /// <summary>
    /// Only a submit carries a mark for the innermost handlers: the SDK makes its other requests unmarked, and those the
    /// handlers pass without looking into their options. A mark on an unmarked message is refused where it is put, a copy
    /// of a marked message is still looked into, and the single-send guard refuses a submit that comes without its record,
    /// whatever message carries it.
    /// </summary>
    public sealed class RequestMarksTests
    {
        private const string Key = "KlingO1.Tests.Mark";
        private static readonly Uri Generations = new(ScriptedHandler.Api + ScriptedHandler.Generations);

        [Fact]
        public void Set_OnAnUnmarkedMessage_IsRefused()
        {
            using var request = new UnmarkedRequestMessage(HttpMethod.Get, new Uri(ScriptedHandler.Api + "/v1/balance"));

            Assert.Throws<InvalidOperationException>(() => RequestMarks.Set(request, Key, new object()));
        }

        [Fact]
        public void Get_OnACopyThatCarriesTheOptions_FindsTheMark()
        {
            var mark = new object();
            using var request = new HttpRequestMessage(HttpMethod.Post, Generations);
            RequestMarks.Set(request, Key, mark);

            using var copy = new HttpRequestMessage(request.Method, request.RequestUri);
            foreach (var option in request.Options)
            {
                ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
            }

            Assert.Same(mark, RequestMarks.Get<object>(copy, Key));
        }

        [Fact]
        public async Task SingleSendHandler_UnmarkedStatusRead_IsSent()
        {
            var network = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
            using var invoker = new HttpMessageInvoker(new SingleSendHandler(network));
            using var request = new UnmarkedRequestMessage(HttpMethod.Get, new Uri(Generations + "/video_1"));

            using var response = await invoker.SendAsync(request, CancellationToken.None);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single(network.Received);
        }

        [Fact]
        public async Task SingleSendHandler_UnmarkedSubmit_IsRefusedWithoutBeingSent()
        {
            var network = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
            using var invoker = new HttpMessageInvoker(new SingleSendHandler(network));
            using var request = new UnmarkedRequestMessage(HttpMethod.Post, Generations) { Content = new StringContent("{}") };

            await Assert.ThrowsAsync<SubmitResentException>(() => invoker.SendAsync(request, CancellationToken.None));

            Assert.Empty(network.Received);
        }
    }
}
