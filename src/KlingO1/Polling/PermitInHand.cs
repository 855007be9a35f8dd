using System;
using System.Threading;
using System.Threading.RateLimiting;

namespace KlingO1.Polling
{
    /// <summary>
    /// A permit already acquired for a request (the poll scheduler gets one before it releases a read): the request's
    /// first attempt uses it instead of asking the limiter again; a retry asks anew.
    /// </summary>
    /// <remarks>Thread-safe: taken at most once.</remarks>
    internal sealed class PermitInHand
    {
        private RateLimitLease? _lease;

        public PermitInHand(RateLimitLease lease) => _lease = lease;

        /// <summary>Takes the permit: the first call gets it (and disposes it when its attempt ends), every later one null.</summary>
        public RateLimitLease? Take() => Interlocked.Exchange(ref _lease, null);

        /// <summary>Returns the permit to its limiter if no attempt took it (the request was never sent).</summary>
        public void Release() => Take()?.Dispose();

        /// <summary>Gets the wait a refused lease asks for, or null when it names none.</summary>
        public static TimeSpan? RetryAfterOf(RateLimitLease lease)
            => lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : null;
    }
}
