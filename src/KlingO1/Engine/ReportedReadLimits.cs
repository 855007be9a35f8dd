using System;
using KlingO1.Polling;
using KlingO1.Transport;

namespace KlingO1.Engine
{
    /// <summary>
    /// Turns what status-read answers say about the service's limit into the scheduler's pacing: a spent window holds every
    /// read until it resets, and a reported limit below the configured cap slows reads to it. The seam between the
    /// transport, which reads the headers, and the scheduler, which knows nothing of HTTP.
    /// </summary>
    internal sealed class ReportedReadLimits
    {
        /// <summary>The category of status reads; an answer counted against another limit does not pace them.</summary>
        public const string StatusReadCategory = "async_query";

        // The service states every tier per minute (3,000 status reads a minute on the default tier), and that is the figure
        // X-RateLimit-Limit carries; the docs name no other window. Spread evenly, it is Limit / 60 reads a second.
        private static readonly TimeSpan LimitWindow = TimeSpan.FromMinutes(1);

        // A Reset or Retry-After further off than this is junk (or a clock far off): the service's windows last a minute, and
        // a hold must not freeze every wait of the client for longer. A single wait still honours a longer Retry-After itself.
        private static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(5);

        // A reported limit slower than this is not followed below it: one hostile or broken header (a proxy's, say) must not
        // slow every wait of the client to a crawl; the lowest documented tier allows 50 status reads a second.
        private const double SlowestFollowedRate = 1.0;

        private readonly PollScheduler _scheduler;

        public ReportedReadLimits(PollScheduler scheduler) => _scheduler = scheduler;

        /// <summary>Paces the reads by one answer's report.</summary>
        public void Follow(RateLimitReport report)
        {
            var info = report.Info;
            if (info?.Category is { } category && !string.Equals(category, StatusReadCategory, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            // Only a limit that says it is the status reads' paces them: an answer without the category may be anyone's.
            if (info?.Limit is { } limit && limit > 0 && info.Category is not null)
            {
                _scheduler.FollowReportedRate(Math.Max(SlowestFollowedRate, limit / LimitWindow.TotalSeconds));
            }

            if (HoldUntil(report) is { } until)
            {
                var latest = report.ReceivedAt + LongestHold;
                _scheduler.HoldReadsUntil(until < latest ? until : latest);
            }
        }

        /// <summary>
        /// When reads may start again: at the reset once the window is spent (nothing remains, or the read was refused), and
        /// not before a refusal's <c>Retry-After</c>; null when the answer asks for no pause.
        /// </summary>
        private static DateTimeOffset? HoldUntil(RateLimitReport report)
        {
            DateTimeOffset? until = null;
            if ((report.Refused || report.Info?.Remaining == 0) && report.Info?.ResetsAt is { } resetsAt)
            {
                until = resetsAt;
            }

            if (report.Refused && report.RetryAfter is { } wait && (until is null || report.ReceivedAt + wait > until))
            {
                until = report.ReceivedAt + wait;
            }

            return until;
        }
    }
}
