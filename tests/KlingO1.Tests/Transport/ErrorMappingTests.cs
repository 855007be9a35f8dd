using System;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Transport
{
    /// <summary>Error answers and unreadable bodies become typed exceptions that carry what the service said.</summary>
    public sealed class ErrorMappingTests : IClassFixture<KlingServerFixture>
    {
        private const string TaskId = "video_1";
        private readonly KlingServerFixture _server;

        public ErrorMappingTests(KlingServerFixture server)
        {
            _server = server;
            _server.Reset();
        }

        [Fact]
        public async Task SubmitAsync_400_ThrowsInvalidRequestWithCodeParamAndMessage()
        {
            _server.RespondToSubmit(400, Payloads.Read("error-400.json"));
            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(SubmitAsync);
            Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
            Assert.Equal("invalid_request", ex.ErrorCode);
            Assert.Equal("The 'prompt' field is required.", ex.ErrorMessage);
            Assert.Equal("invalid_request_error", ex.ErrorType);
            Assert.Equal("prompt", ex.ErrorParameter);
            Assert.Contains("400", ex.Message, StringComparison.Ordinal);
            Assert.Contains("The 'prompt' field is required.", ex.Message, StringComparison.Ordinal);
            Assert.Contains("invalid_request", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_401_ThrowsAuthenticationWithNumericCodeAsText()
        {
            _server.RespondToSubmit(401, Payloads.Read("error-401.json"));
            var ex = await Assert.ThrowsAsync<KlingAuthenticationException>(SubmitAsync);
            Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
            Assert.Equal("401", ex.ErrorCode);
            Assert.Equal("Authentication failed, please check your API key", ex.ErrorMessage);
            Assert.Equal("authentication_error", ex.ErrorType);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_402_ThrowsInsufficientBalance()
        {
            _server.RespondToSubmit(402, Payloads.Read("error-402.json"));
            var ex = await Assert.ThrowsAsync<KlingInsufficientBalanceException>(SubmitAsync);
            Assert.Equal("402", ex.ErrorCode);
            Assert.Equal("payment_required", ex.ErrorType);
            Assert.Contains("Insufficient account balance", ex.Message, StringComparison.Ordinal);
            Assert.Contains("GetBalanceAsync", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_404_ThrowsNotFound()
        {
            _server.RespondToGet(TaskId, 404, Payloads.Read("error-404.json"));
            using var client = _server.Client();
            var ex = await Assert.ThrowsAsync<KlingNotFoundException>(() => client.GetTaskAsync(TaskId));
            Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
            Assert.Equal("404", ex.ErrorCode);
            Assert.Equal("Task not found", ex.ErrorMessage);
        }

        [Fact]
        public async Task SubmitAsync_429WithRetryAfterSeconds_ThrowsRateLimitWithDelay()
        {
            _server.RespondToSubmit(429, Payloads.Read("error-429.json"), r => r.WithHeader("Retry-After", "7"));
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(SubmitAsync);
            Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
            Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        }

        [Fact]
        public async Task SubmitAsync_429WithRetryAfterDate_ThrowsRateLimitWithDelayFromClock()
        {
            var clock = new ManualClock();
            var at = clock.GetUtcNow().AddSeconds(30).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
            _server.RespondToSubmit(429, Payloads.Read("error-429.json"), r => r.WithHeader("Retry-After", at));
            using var client = _server.Client(clock);
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.StartGenerationAsync(new VideoGenerationRequest("A cat")));
            Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
        }

        [Fact]
        public async Task SubmitAsync_503Limiter_ThrowsRateLimitWithServiceCodeRetryAfterAndHeaders()
        {
            // The documented limiter answer: not accepted, like a 429, so it is the exception callers retry on.
            _server.RespondToSubmit(503, Payloads.Read("Documented/async-rate-limits.en.error-503-limiter.response.json"), r => r
                .WithHeader("Retry-After", "3")
                .WithHeader("X-RateLimit-Category", "async_submit"));
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(SubmitAsync);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
            Assert.Equal("rate_limit_unavailable", ex.ErrorCode);
            Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
            Assert.Equal("async_submit", ex.RateLimit!.Category);
        }

        [Fact]
        public async Task GetTaskAsync_429WithDocumentedHeaders_CarriesEveryRateLimitFact()
        {
            var clock = new ManualClock();
            _server.RespondToGet(TaskId, 429, Payloads.Read("Documented/async-rate-limits.en.error-429.response.json"), r => r
                .WithHeader("Retry-After", "7")
                .WithHeader("X-RateLimit-Limit", "3000")
                .WithHeader("X-RateLimit-Remaining", "0")
                .WithHeader("X-RateLimit-Reset", "12")
                .WithHeader("X-RateLimit-Category", "async_query"));
            using var client = _server.Client(clock);

            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(() => client.GetTaskAsync(TaskId));

            Assert.Equal("rate_limit_exceeded", ex.ErrorCode);
            Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
            Assert.Equal(3000, ex.RateLimit!.Limit);
            Assert.Equal(0, ex.RateLimit.Remaining);
            Assert.Equal(clock.GetUtcNow().AddSeconds(12), ex.RateLimit.ResetsAt);
            Assert.Equal("async_query", ex.RateLimit.Category);
            Assert.Contains("async_query", ex.Message, StringComparison.Ordinal);
            Assert.Contains("remaining 0", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_429WithoutRateLimitHeaders_HasNoRateLimit()
        {
            _server.RespondToGet(TaskId, 429, Payloads.Read("error-429.json"));
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(GetAsync);
            Assert.Null(ex.RateLimit);
            Assert.Null(ex.RetryAfter);
        }

        [Fact]
        public async Task GetTaskAsync_429WhoseCategoryEchoesTheKey_MasksItEverywhere()
        {
            _server.RespondToGet(TaskId, 429, Payloads.Read("error-429.json"), r => r.WithHeader("X-RateLimit-Category", "key " + KlingServerFixture.ApiKey));
            var ex = await Assert.ThrowsAsync<KlingRateLimitException>(GetAsync);
            Assert.Equal("key ***", ex.RateLimit!.Category);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_422_ThrowsInvalidRequest()
        {
            _server.RespondToSubmit(422, "{\"error\":{\"code\":\"content_policy\",\"message\":\"Prompt violates the content policy\"}}");
            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(SubmitAsync);
            Assert.Equal("content_policy", ex.ErrorCode);
        }

        [Fact]
        public async Task SubmitAsync_UploadStyleError_UsesItsMessage()
        {
            _server.RespondToSubmit(400, Payloads.Read("upload-error-type.json"));
            var ex = await Assert.ThrowsAsync<KlingInvalidRequestException>(SubmitAsync);
            Assert.Equal("Unsupported image type. Allowed: JPEG, PNG, WebP, GIF", ex.ErrorMessage);
        }

        [Fact]
        public async Task GetTaskAsync_HtmlGatewayError_ThrowsApiExceptionWithSnippet()
        {
            _server.RespondToGet(TaskId, 502, "<html><body>Bad Gateway</body></html>");
            using var client = _server.Client();
            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));
            Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
            Assert.Null(ex.ErrorCode);
            Assert.Contains("Bad Gateway", ex.ResponseBodySnippet, StringComparison.Ordinal);
            Assert.Contains("Bad Gateway", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("not json at all")]
        [InlineData("{\"id\":\"video_1\"}")]
        [InlineData("{\"status\":\"queued\"}")]
        [InlineData("null")]
        [InlineData("[1,2,3]")]
        [InlineData("{\"id\":\"video_1\",\"status\":\"completed\",\"result\":{\"data\":[{\"url\":\"not a url\"}]}}")]
        [InlineData("{\"id\":\"video_1\",\"status\":\"queued\",\"progress\":{}}")]
        public async Task GetTaskAsync_UnreadableSuccessBody_ThrowsApiExceptionWrappingJsonException(string body)
        {
            _server.RespondToGet(TaskId, 200, body);
            using var client = _server.Client();
            var ex = await Assert.ThrowsAsync<KlingApiException>(() => client.GetTaskAsync(TaskId));
            Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
            Assert.IsAssignableFrom<JsonException>(ex.InnerException);
            Assert.Equal(body.Trim(), ex.ResponseBodySnippet);
        }

        [Fact]
        public async Task GetTaskAsync_HugeErrorBody_KeepsBoundedSnippet()
        {
            _server.RespondToGet(TaskId, 500, new string('x', 100_000));
            var ex = await Assert.ThrowsAsync<KlingApiException>(GetAsync);
            Assert.True(ex.ResponseBodySnippet!.Length <= 512, $"snippet has {ex.ResponseBodySnippet.Length} characters");
            Assert.True(ex.Message.Length < 1024, $"message has {ex.Message.Length} characters");
        }

        [Fact]
        public async Task GetTaskAsync_ErrorEchoingApiKey_MasksKeyInSnippetAndMessage()
        {
            _server.RespondToGet(TaskId, 500, "{\"detail\":\"bad token Bearer " + KlingServerFixture.ApiKey + "\"}");
            var ex = await Assert.ThrowsAsync<KlingApiException>(GetAsync);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.ResponseBodySnippet, StringComparison.Ordinal);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(KlingServerFixture.ApiKey, ex.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task GetTaskAsync_RequestIdHeader_IsCarried()
        {
            _server.RespondToGet(TaskId, 500, "{\"error\":{\"code\":\"internal\",\"message\":\"boom\"}}", r => r.WithHeader("X-Request-Id", "req-42"));
            var ex = await Assert.ThrowsAsync<KlingApiException>(GetAsync);
            Assert.Equal("req-42", ex.RequestId);
            Assert.Contains("req-42", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task SubmitAsync_500_ThrowsOutcomeUnknownCarryingTheServiceError()
        {
            _server.RespondToSubmit(500, "{\"error\":{\"code\":\"internal\",\"message\":\"boom\"}}");
            var ex = await Assert.ThrowsAsync<VideoSubmitOutcomeUnknownException>(SubmitAsync);
            var inner = Assert.IsType<KlingApiException>(ex.InnerException);
            Assert.Equal(HttpStatusCode.InternalServerError, inner.StatusCode);
            Assert.Equal("boom", inner.ErrorMessage);
            Assert.Contains("did not send it again", ex.Message, StringComparison.Ordinal);
        }

        private async Task GetAsync()
        {
            using var client = _server.Client();
            await client.GetTaskAsync(TaskId);
        }

        private async Task SubmitAsync()
        {
            using var client = _server.Client();
            await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
        }
    }
}
