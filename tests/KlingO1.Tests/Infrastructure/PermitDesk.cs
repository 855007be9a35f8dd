using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>
    /// A <see cref="RateLimiter"/> the test hands permits out of by hand: <see cref="Grant"/> adds permits, a request
    /// beyond them waits (or, with <see cref="RefuseNext"/>, is refused with a retry-after), and every request is counted.
    /// What a fleet's distributed limiter looks like to one client: permits that come when something else decides.
    /// </summary>
    internal sealed class PermitDesk : RateLimiter
    {
        private readonly object _gate = new();
        private readonly Queue<(TaskCompletionSource<RateLimitLease> Waiter, CancellationTokenRegistration Cancel)> _waiting = new();
        private int _available;
        private int _refusals;
        private int _failures;
        private TimeSpan _refusalRetryAfter;

        public PermitDesk(int initialPermits = 0) => _available = initialPermits;

        /// <summary>Gets how many permits were given.</summary>
        public int Given { get; private set; }

        /// <summary>Gets how many permits were asked for (given, refused or waiting).</summary>
        public int Asked { get; private set; }

        /// <summary>Gets the most requests that waited at once.</summary>
        public int MostWaiting { get; private set; }

        /// <summary>Gets how many waiting requests were cancelled.</summary>
        public int Cancelled { get; private set; }

        public int Waiting
        {
            get
            {
                lock (_gate)
                {
                    return _waiting.Count;
                }
            }
        }

        public override TimeSpan? IdleDuration => null;

        /// <summary>Adds <paramref name="permits"/> permits, serving waiting requests first.</summary>
        public void Grant(int permits)
        {
            var served = new List<TaskCompletionSource<RateLimitLease>>();
            lock (_gate)
            {
                _available += permits;
                while (_available > 0 && _waiting.Count > 0)
                {
                    var (waiter, cancel) = _waiting.Dequeue();
                    cancel.Dispose();
                    _available--;
                    Given++;
                    served.Add(waiter);
                }
            }

            foreach (var waiter in served)
            {
                waiter.TrySetResult(TestLease.Granted);
            }
        }

        /// <summary>Refuses the next <paramref name="count"/> requests, each naming <paramref name="retryAfter"/>.</summary>
        public void RefuseNext(int count, TimeSpan retryAfter)
        {
            lock (_gate)
            {
                _refusals = count;
                _refusalRetryAfter = retryAfter;
            }
        }

        /// <summary>Makes the next <paramref name="count"/> requests throw, as a distributed limiter does while its store is down.</summary>
        public void FailNext(int count)
        {
            lock (_gate)
            {
                _failures = count;
            }
        }

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            lock (_gate)
            {
                Asked++;
                if (_refusals == 0 && _available >= permitCount)
                {
                    _available -= permitCount;
                    Given++;
                    return TestLease.Granted;
                }

                return TestLease.Refused(_refusalRetryAfter);
            }
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Asked++;
                if (_failures > 0)
                {
                    _failures--;
                    throw new InvalidOperationException("The limiter's store does not answer.");
                }

                if (_refusals > 0)
                {
                    _refusals--;
                    return new ValueTask<RateLimitLease>(TestLease.Refused(_refusalRetryAfter));
                }

                if (_available >= permitCount && _waiting.Count == 0)
                {
                    _available -= permitCount;
                    Given++;
                    return new ValueTask<RateLimitLease>(TestLease.Granted);
                }

                var waiter = new TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously);
                var cancel = cancellationToken.Register(() =>
                {
                    lock (_gate)
                    {
                        Cancelled++;
                    }

                    waiter.TrySetCanceled(cancellationToken);
                });
                _waiting.Enqueue((waiter, cancel));
                MostWaiting = Math.Max(MostWaiting, _waiting.Count);
                return new ValueTask<RateLimitLease>(waiter.Task);
            }
        }
    }
}
