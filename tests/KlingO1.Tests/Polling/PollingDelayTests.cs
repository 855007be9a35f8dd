using System;
using KlingO1.Polling;

namespace KlingO1.Tests.Polling
{
    /// <summary>One wait's answer to "when is the next read": the strategy's interval, never sooner than the service asked.</summary>
    public sealed class PollingDelayTests
    {
        private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

        [Fact]
        public void For_EachStrategy_GivesItsSchedule()
        {
            Assert.IsType<ProgressAwareSchedule>(PollingDelay.For(new KlingPollingOptions(), () => 0.0, prior: null));
            Assert.IsType<PollingBackoff>(PollingDelay.For(new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff }, () => 0.0, prior: null));
        }

        [Fact]
        public void NextReadAt_ExponentialBackoff_DoublesWithEveryReadWhateverItSaw()
        {
            var delay = PollingDelay.For(new KlingPollingOptions { Strategy = PollingStrategy.ExponentialBackoff }, () => 0.0, prior: null);

            Assert.Equal(Start.AddSeconds(5), delay.NextReadAt(Snapshot("queued", 0), Start));
            Assert.Equal(Start.AddSeconds(10), delay.NextReadAt(null, Start));
            Assert.Equal(Start.AddSeconds(15), delay.NextReadAt(Snapshot("in_progress", 90), Start));
        }

        [Theory]
        [InlineData(null, 10)]   // the schedule's interval: queued, halfway between the bounds
        [InlineData(4.0, 10)]    // the service asked for less than the schedule waits anyway
        [InlineData(40.0, 40)]   // the service asked for more: never sooner, even past the longest interval
        public void NextReadAt_ServiceAskedToWait_NeverSoonerThanItAsked(double? retryAfterSeconds, double expectedSeconds)
        {
            var delay = PollingDelay.For(new KlingPollingOptions(), () => 0.0, prior: null);
            var retryAfter = retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;

            Assert.Equal(Start.AddSeconds(expectedSeconds), delay.NextReadAt(Snapshot("queued", 0), Start, retryAfter));
        }

        private static VideoTask Snapshot(string status, int progress)
            => KlingVideoModelFactory.VideoTask("video_delay_1", new VideoTaskStatus(status), progress, Start);
    }
}
