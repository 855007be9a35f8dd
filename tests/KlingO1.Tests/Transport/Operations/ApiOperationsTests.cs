using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Threading.Tasks;
using KlingO1.Errors;
using KlingO1.Media;
using KlingO1.Tests.Infrastructure;
using KlingO1.Transport.Operations;
using KlingO1.Transport.Resilience;
using KlingO1.Transport.SingleSend;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace KlingO1.Tests.Transport.Operations
{
    /// <summary>The operation table: one entry per endpoint, each with the rules the pipelines and senders apply.</summary>
    public sealed class ApiOperationsTests
    {
        private static readonly ApiOperation[] Declared = typeof(ApiOperations)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ApiOperation))
            .Select(f => (ApiOperation)f.GetValue(null)!)
            .ToArray();

        [Fact]
        public void All_HoldsEveryDeclaredEntryOnce_AtItsIndex()
        {
            Assert.Equal(Declared.Length, ApiOperations.All.Count);
            Assert.All(Declared, o => Assert.Same(o, ApiOperations.All[o.Index]));
        }

        [Fact]
        public void All_HasExactlyOneEntryPerEndpoint()
        {
            var apiEndpoints = ApiOperations.All.Where(o => o.Host == ServiceHost.Api).Select(o => $"{o.Method} {o.Path}").ToArray();

            Assert.Equal(apiEndpoints.Length, apiEndpoints.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(
                new[]
                {
                    "POST v1/videos/generations", "GET v1/videos/generations/{id}", "GET v1/balance", "GET v1/user/balance",
                    "POST v1/uploads/images", "POST v1/uploads/videos",
                },
                apiEndpoints);
            var fileHost = Assert.Single(ApiOperations.All, o => o.Host == ServiceHost.FileHost);
            Assert.Same(ApiOperations.FileHostFetch, fileHost);
            Assert.Null(fileHost.Path);
        }

        [Fact]
        public void Submit_IsTheOnlyEntryThatMayCreateATask_AndIsSentAgainOnlyWhenProvablyNotAccepted()
        {
            Assert.Same(ApiOperations.Submit, Assert.Single(ApiOperations.All, o => o.Acceptance == AcceptanceRule.MayCreateUnlessProvablyRefused));
            Assert.Same(ApiOperations.Submit, Assert.Single(ApiOperations.All, o => o.Retry == RetryRule.OnlyWhenProvablyNotAccepted));
        }

        [Fact]
        public void Uploads_AreNamedByTheirEndpoint()
        {
            Assert.Equal("image upload", ApiOperations.ImageUpload.Name);
            Assert.Equal("video upload", ApiOperations.VideoUpload.Name);
            Assert.Same(ApiOperations.ImageUpload, MediaKind.Image.Upload);
            Assert.Same(ApiOperations.VideoUpload, MediaKind.Video.Upload);
            Assert.Same(ApiOperations.VideoUpload, MediaKind.ReferenceVideo.Upload);
        }

        [Fact]
        public void AttemptTimeout_OfEachEntry_IsItsOwnSetting()
        {
            var timeouts = new KlingTimeoutOptions
            {
                StatusRead = TimeSpan.FromSeconds(1), Submit = TimeSpan.FromSeconds(2), Upload = TimeSpan.FromSeconds(3), DownloadStart = TimeSpan.FromSeconds(4),
            };

            Assert.Equal(
                new[] { 2, 1, 1, 1, 3, 3, 4 },
                ApiOperations.All.Select(o => (int)o.AttemptTimeout(timeouts).TotalSeconds));
        }

        [Fact]
        public void SentCounter_CountsSubmitsAndStatusReadsOnly()
        {
            Assert.Equal(
                new[] { ApiOperations.Submit, ApiOperations.StatusRead },
                ApiOperations.All.Where(o => o.SentCounter is not null));
            Assert.Same(ApiOperations.StatusRead, Assert.Single(ApiOperations.All, o => o.ReportsRateLimits));
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        [InlineData(408)]
        public async Task Pipelines_TransientStatus_RetriedByEveryEntryButSubmit(int status)
        {
            foreach (var operation in ApiOperations.All)
            {
                var attempts = await AttemptsAsync(operation, () => Outcome.FromResult(new HttpResponseMessage((HttpStatusCode)status)));

                Assert.True(operation == ApiOperations.Submit ? attempts == 1 : attempts == 3, $"{operation}: {attempts} attempts after HTTP {status}");
            }
        }

        [Fact]
        public async Task Pipelines_429_RetriedByEveryEntry()
        {
            foreach (var operation in ApiOperations.All)
            {
                Assert.Equal(3, await AttemptsAsync(operation, () => Outcome.FromResult(new HttpResponseMessage((HttpStatusCode)429))));
            }
        }

        [Fact]
        public async Task Pipelines_BrokenExchange_RetriedByEveryEntryButSubmit()
        {
            // A reset after the connection opened: the submit may have arrived.
            foreach (var operation in ApiOperations.All)
            {
                var attempts = await AttemptsAsync(operation, () => Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")));

                Assert.Equal(operation == ApiOperations.Submit ? 1 : 3, attempts);
            }
        }

        [Fact]
        public async Task Pipelines_Refusal_RetriedByNoEntry()
        {
            foreach (var operation in ApiOperations.All)
            {
                Assert.Equal(1, await AttemptsAsync(operation, () => Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest))));
            }
        }

        [Fact]
        public void WaitReadsAgainAfter_PassingFailures_OfTheStatusReadOnly()
        {
            var passing = new HttpRequestException("reset");
            var refused = new ApiErrorDetails(HttpStatusCode.Unauthorized, null, "bad key", null, null, null, null).ToException();
            var busy = new ApiErrorDetails(HttpStatusCode.ServiceUnavailable, null, "busy", null, null, null, null).ToException();

            Assert.True(ApiOperations.StatusRead.WaitReadsAgainAfter(passing));
            Assert.True(ApiOperations.StatusRead.WaitReadsAgainAfter(busy));
            Assert.False(ApiOperations.StatusRead.WaitReadsAgainAfter(refused));
            Assert.All(ApiOperations.All.Where(o => o != ApiOperations.StatusRead), o => Assert.False(o.WaitReadsAgainAfter(passing)));
        }

        [Theory]
        [InlineData(HttpStatusCode.Unauthorized, true)]
        [InlineData(HttpStatusCode.Forbidden, true)]
        [InlineData(HttpStatusCode.NotFound, true)]
        [InlineData(HttpStatusCode.Gone, true)]
        [InlineData(HttpStatusCode.InternalServerError, false)]
        [InlineData(HttpStatusCode.BadRequest, false)]
        public void RefreshesAddressAfter_FileHostRefusalsOfAStaleUrl(HttpStatusCode status, bool refreshed)
        {
            Assert.Equal(refreshed, ApiOperations.FileHostFetch.RefreshesAddressAfter(status));
            Assert.All(ApiOperations.All.Where(o => o != ApiOperations.FileHostFetch), o => Assert.False(o.RefreshesAddressAfter(status)));
        }

        [Fact]
        public void MayHaveBeenAccepted_OnlyASubmit()
        {
            // The body left the process and no answer came: the task may exist.
            var send = new SubmitAttempts(guarded: false).Next();
            Assert.True(send.TryWriteBody());
            var lost = new TimeoutException("lost");

            Assert.True(ApiOperations.Submit.MayHaveBeenAccepted(lost, send));
            Assert.All(ApiOperations.All.Where(o => o != ApiOperations.Submit), o => Assert.False(o.MayHaveBeenAccepted(lost, send)));
        }

        /// <summary>Runs an entry's pipeline (three attempts, no backoff) on an outcome that every attempt meets; returns the attempts made.</summary>
        private static async Task<int> AttemptsAsync(ApiOperation operation, Func<Outcome<HttpResponseMessage>> outcome)
        {
            var retry = new KlingRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
            var pipelines = new RequestPipelines(retry, new KlingTimeoutOptions(), new ManualClock(), () => 0.5, NullLogger.Instance);
            var attempts = 0;
            var context = ResilienceContextPool.Shared.Get();
            try
            {
                var final = await pipelines.For(operation).ExecuteOutcomeAsync(
                    (_, _) =>
                    {
                        attempts++;
                        return new ValueTask<Outcome<HttpResponseMessage>>(outcome());
                    },
                    context,
                    0);
                final.Result?.Dispose();
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            return attempts;
        }
    }
}
