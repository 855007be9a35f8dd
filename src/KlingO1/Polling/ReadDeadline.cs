using System;
using System.Threading;

namespace KlingO1.Polling
{
    /// <summary>
    /// The token that ends one read at its wait's deadline, on the client's clock. Its timer is created unarmed and then
    /// armed on every target, the way Polly arms its own timeouts on the same <see cref="TimeProvider"/>: a clock that
    /// watches timers being created (a test's) sees the same timers from every build of the library.
    /// </summary>
    /// <remarks>
    /// The netstandard2.0 build once took <c>TimeProvider.CreateCancellationTokenSource</c> instead, which creates its
    /// timer armed with the time left; run on .NET 8 or later that timer was one more wake-up in the middle of the wait's
    /// own, so virtual time advanced by it, not by the schedule.
    /// </remarks>
    internal readonly struct ReadDeadline : IDisposable
    {
        // CancellationTokenSource.CancelAfter takes at most about 49 days; a deadline further off needs no timer for one read.
        private static readonly TimeSpan Longest = TimeSpan.FromDays(49);
#if !NET8_0_OR_GREATER
        private static readonly TimerCallback CancelSource = static state => Cancel((CancellationTokenSource)state!);
        private readonly ITimer? _timer;
#endif
        private readonly CancellationTokenSource? _source;

#if NET8_0_OR_GREATER
        private ReadDeadline(CancellationTokenSource source) => _source = source;
#else
        private ReadDeadline(CancellationTokenSource source, ITimer timer)
        {
            _source = source;
            _timer = timer;
        }
#endif

        /// <summary>Gets the source to cancel when the read must end early; null when the deadline is too far off to matter.</summary>
        public CancellationTokenSource? Source => _source;

        /// <summary>Gets a value indicating whether the read was ended (at the deadline, or through <see cref="Source"/>).</summary>
        public bool Passed => _source?.IsCancellationRequested == true;

        /// <summary>Starts the deadline of one read, <paramref name="remaining"/> from now; none when that is too far off to matter.</summary>
        public static ReadDeadline Start(TimeSpan remaining, TimeProvider time)
        {
            if (remaining > Longest)
            {
                return default;
            }

#if NET8_0_OR_GREATER
            var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            source.CancelAfter(remaining);
            return new ReadDeadline(source);
#else
            var source = new CancellationTokenSource();
            var timer = time.CreateTimer(CancelSource, source, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            timer.Change(remaining, Timeout.InfiniteTimeSpan);
            return new ReadDeadline(source, timer);
#endif
        }

        /// <summary>Returns the token of the read: the deadline's, or <paramref name="otherwise"/> when there is none.</summary>
        public CancellationToken TokenOr(CancellationToken otherwise) => _source?.Token ?? otherwise;

        /// <inheritdoc />
        public void Dispose()
        {
#if !NET8_0_OR_GREATER
            // The timer first: once it is gone it cannot cancel a disposed source.
            _timer?.Dispose();
#endif
            _source?.Dispose();
        }

#if !NET8_0_OR_GREATER
        private static void Cancel(CancellationTokenSource source)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The read ended as the timer fired: nothing left to end.
            }
        }
#endif
    }
}
