using System.Threading.RateLimiting;

namespace KlingO1.WebApi.RateLimiting;

/// <summary>
/// The limiters the SDK takes a permit from before each status read and each submit, beside its own in-process read
/// cap. Owned by the container, which disposes them after the client.
/// </summary>
/// <param name="StatusReads">The fleet's status-read budget, or <see langword="null"/> when the SDK's in-process cap is the budget (one instance).</param>
/// <param name="Submits">The submit budget: the fleet's, or this instance's.</param>
internal sealed record ServiceRateLimiters(RateLimiter? StatusReads, RateLimiter Submits) : IDisposable
{
    public void Dispose()
    {
        StatusReads?.Dispose();
        Submits.Dispose();
    }
}
