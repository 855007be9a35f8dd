using System;
using KlingO1.Polling;

namespace KlingO1.Tests.Polling
{
    /// <summary>The client-wide pace of status reads: what the service says slows it, never past the cap, and a hold only lengthens.</summary>
    public sealed class ReadPaceTests
    {
        private static readonly long Second = TimeSpan.TicksPerSecond;

        [Fact]
        public void Released_AtTheCap_NextSlotOneCapIntervalLater()
        {
            var pace = new ReadPace(readsPerSecond: 40);

            pace.Released(10 * Second);

            Assert.Equal((10 * Second) + (Second / 40), pace.NextSlotTicks);
        }

        [Theory]
        [InlineData(10, 0.1)]     // slower than the cap: followed from the read just released
        [InlineData(100, 0.025)]  // faster than the cap: the cap stays
        [InlineData(0, 0.025)]    // no rate at all: nothing changes
        [InlineData(double.NaN, 0.025)]
        public void Follow_ReportedRate_SlowsReadsButNeverPastTheCap(double reported, double expectedIntervalSeconds)
        {
            var pace = new ReadPace(readsPerSecond: 40);
            pace.Released(0);

            pace.Follow(reported);

            Assert.Equal((long)(expectedIntervalSeconds * Second), pace.NextSlotTicks);
        }

        [Fact]
        public void HoldUntil_EarlierThanAHoldInPlace_ChangesNothing()
        {
            var pace = new ReadPace(readsPerSecond: 40);

            Assert.True(pace.HoldUntil(10 * Second));
            Assert.False(pace.HoldUntil(3 * Second));
            Assert.Equal(10 * Second, pace.NextSlotTicks);
        }
    }
}
