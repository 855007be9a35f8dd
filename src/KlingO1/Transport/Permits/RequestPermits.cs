using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using KlingO1.Polling;
using KlingO1.Transport.Operations;

namespace KlingO1.Transport.Permits
{
    /// <summary>
    /// The limiters the caller gave for status reads and submits (<see cref="KlingVideoClientOptions.StatusReadLimiter"/>,
    /// <see cref="KlingVideoClientOptions.SubmitLimiter"/>): each attempt of those operations takes one permit before it
    /// is sent. Other operations (uploads, balance, the file host) take none.
    /// </summary>
    /// <remarks>Thread-safe; holds no state of its own. The limiters are the caller's: nothing here disposes them.</remarks>
    internal sealed class RequestPermits
    {
        public static readonly RequestPermits None = new(null, null);

        public RequestPermits(RateLimiter? statusReads, RateLimiter? submits)
        {
            StatusReads = statusReads;
            Submits = submits;
        }

        /// <summary>Gets the status reads' limiter, or null.</summary>
        public RateLimiter? StatusReads { get; }

        /// <summary>Gets the submits' limiter, or null.</summary>
        public RateLimiter? Submits { get; }

        /// <summary>Gets the limiter <paramref name="operation"/>'s attempts take a permit from, or null.</summary>
        public RateLimiter? For(ApiOperation operation)
            => ReferenceEquals(operation, ApiOperations.StatusRead) ? StatusReads : ReferenceEquals(operation, ApiOperations.Submit) ? Submits : null;

        /// <summary>Waits for one permit of <paramref name="limiter"/>.</summary>
        /// <returns>The acquired lease; the caller disposes it once its attempt has ended.</returns>
        /// <exception cref="KlingRateLimiterRejectedException">The limiter refused the permit (nothing was sent).</exception>
        public static async ValueTask<RateLimitLease> AcquireAsync(RateLimiter limiter, ApiOperation operation, CancellationToken cancellationToken)
        {
            var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                return lease;
            }

            var retryAfter = PermitInHand.RetryAfterOf(lease);
            lease.Dispose();
            throw new KlingRateLimiterRejectedException(operation.Name, retryAfter);
        }
    }
}
