using System;
using System.Threading.Tasks;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Permits
{
    /// <summary>
    /// <see cref="KlingVideoClientOptions.SubmitLimiter"/>: a submit takes a permit before it is sent; a refused permit
    /// fails it with nothing sent, so nothing was billed and the caller may simply try again.
    /// </summary>
    public sealed class SubmitLimiterTests
    {
        [Fact]
        public async Task SubmitAsync_LimiterRefuses_ThrowsRejectedWithNothingSent()
        {
            var clock = new ManualClock();
            using var service = StatusReadLimiterTests.ThreeReadService(clock);
            var submits = new PermitDesk(initialPermits: 1);
            submits.RefuseNext(1, TimeSpan.FromSeconds(5));
            using var client = StatusReadLimiterTests.Client(service, clock, submits: submits);
            var request = new VideoGenerationRequest("A cat playing piano") { ClientBusinessId = "job-1" };

            var refused = await Assert.ThrowsAsync<KlingRateLimiterRejectedException>(() => client.StartGenerationAsync(request));
            Assert.Equal(0, service.Posts);

            var generation = await client.StartGenerationAsync(request);
            Assert.Equal("video_submitted", generation.Id);
            Assert.Equal(1, service.Posts);
            Assert.Equal(1, submits.Given);
            Assert.Equal("submit", refused.Operation);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);
        }

        [Fact]
        public async Task SubmitAsync_WaitsForAPermit_SendsOnlyOnceItComes()
        {
            var clock = new ManualClock();
            using var service = StatusReadLimiterTests.ThreeReadService(clock);
            var submits = new PermitDesk();
            using var client = StatusReadLimiterTests.Client(service, clock, submits: submits);

            var submit = client.StartGenerationAsync(new VideoGenerationRequest("A cat playing piano"));
            for (var spin = 0; spin < 1000 && submits.Waiting == 0; spin++)
            {
                await Task.Yield();
            }

            Assert.Equal(1, submits.Waiting);
            Assert.Equal(0, service.Posts);
            submits.Grant(1);

            Assert.Equal("video_submitted", (await submit).Id);
            Assert.Equal(1, service.Posts);
        }

        [Fact]
        public async Task StartGenerationOnceAsync_BothLimiters_LookUpTakesAReadPermitAndSubmitASubmitPermit()
        {
            var clock = new ManualClock();
            using var service = new ScriptedHandler(clock)
            {
                Fallback = Respond.ByRequest(r => r.Method == "POST"
                    ? Respond.Message(200, Respond.TaskJson("video_once", "queued", businessId: "job-once"))
                    : Respond.Message(404, Respond.ErrorJson("not_found", "Task not found"))),
            };
            var reads = new PermitDesk(initialPermits: 10);
            var submits = new PermitDesk(initialPermits: 10);
            using var client = StatusReadLimiterTests.Client(service, clock, reads, submits);

            var generation = await client.StartGenerationOnceAsync(new VideoGenerationRequest("A cat playing piano") { ClientBusinessId = "job-once" });

            Assert.Equal("video_once", generation.Id);
            Assert.Equal(1, reads.Given);
            Assert.Equal(1, submits.Given);
        }
    }
}
