using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;

namespace KlingO1.Tests.Infrastructure
{
    /// <summary>A lease of the tests' limiters: granted, or refused with the retry-after it names (if any).</summary>
    internal sealed class TestLease : RateLimitLease
    {
        private readonly TimeSpan? _retryAfter;

        private TestLease(bool acquired, TimeSpan? retryAfter)
        {
            IsAcquired = acquired;
            _retryAfter = acquired ? null : retryAfter;
        }

        public static RateLimitLease Granted { get; } = new TestLease(true, null);

        public override bool IsAcquired { get; }

        public override IEnumerable<string> MetadataNames => _retryAfter is null ? Array.Empty<string>() : new[] { MetadataName.RetryAfter.Name };

        public static RateLimitLease Refused(TimeSpan? retryAfter) => new TestLease(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = _retryAfter;
            return _retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
