using System;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http;
using KlingO1.Transport.Resilience;
using KlingO1.Transport.SingleSend;

namespace KlingO1.Transport.Operations
{
    /// <summary>
    /// One endpoint's entry in the operation table (<see cref="ApiOperations"/>): how it is sent, how often, what is sent
    /// again, and what a failure may have left at the service. The table states each value beside the reason it is safe.
    /// </summary>
    internal sealed class ApiOperation
    {
        private readonly Func<Exception, bool>? _waitReadsAgainAfter;
        private readonly Func<HttpStatusCode, bool>? _refreshAddressOnceAfter;

        /// <param name="index">The entry's position in <see cref="ApiOperations.All"/>.</param>
        /// <param name="name">The name in logs, span names and timeout messages.</param>
        /// <param name="telemetryName">The snake_case name in telemetry attributes (<c>klingo1.operation</c>): low-cardinality, stable.</param>
        /// <param name="method">The HTTP method.</param>
        /// <param name="path">The path below the base address (<c>{id}</c> for a task id), or null for an address from an answer.</param>
        /// <param name="host">Which host it talks to.</param>
        /// <param name="attemptTimeout">The limit of one attempt, from the settings.</param>
        /// <param name="attemptLimit">How many times one call may send it in all, from the settings.</param>
        /// <param name="retry">Which failed attempts are sent again.</param>
        /// <param name="acceptance">What a failure may have left at the service.</param>
        /// <param name="sentCounter">Counts every request sent, retries included, or null.</param>
        /// <param name="reportsRateLimits">True when every answer's rate-limit headers are passed on to the poll scheduler.</param>
        /// <param name="waitReadsAgainAfter">For a read that waits poll: which failures a wait outlives (it reads again later).</param>
        /// <param name="refreshAddressOnceAfter">For an address from an answer: the refusals after which the address is asked for again, once.</param>
        public ApiOperation(
            int index,
            string name,
            string telemetryName,
            HttpMethod method,
            string? path,
            ServiceHost host,
            Func<KlingTimeoutOptions, TimeSpan> attemptTimeout,
            Func<KlingRetryOptions, int> attemptLimit,
            RetryRule retry,
            AcceptanceRule acceptance,
            Counter<long>? sentCounter = null,
            bool reportsRateLimits = false,
            Func<Exception, bool>? waitReadsAgainAfter = null,
            Func<HttpStatusCode, bool>? refreshAddressOnceAfter = null)
        {
            Index = index;
            Name = name;
            TelemetryName = telemetryName;
            ActivityName = "KlingO1 " + name;
            Method = method;
            Path = path;
            Host = host;
            AttemptTimeout = attemptTimeout;
            AttemptLimit = attemptLimit;
            Retry = retry;
            Acceptance = acceptance;
            SentCounter = sentCounter;
            ReportsRateLimits = reportsRateLimits;
            _waitReadsAgainAfter = waitReadsAgainAfter;
            _refreshAddressOnceAfter = refreshAddressOnceAfter;
        }

        /// <summary>Gets the entry's position in <see cref="ApiOperations.All"/> (its pipeline's, too).</summary>
        public int Index { get; }

        /// <summary>Gets the name in logs, span names and timeout messages.</summary>
        public string Name { get; }

        /// <summary>Gets the value of the <c>klingo1.operation</c> attribute on its span and its retries.</summary>
        public string TelemetryName { get; }

        /// <summary>Gets the name of its span, made once.</summary>
        public string ActivityName { get; }

        public HttpMethod Method { get; }

        /// <summary>Gets the path below the base address, or null when the address comes from an answer.</summary>
        public string? Path { get; }

        public ServiceHost Host { get; }

        public Func<KlingTimeoutOptions, TimeSpan> AttemptTimeout { get; }

        public Func<KlingRetryOptions, int> AttemptLimit { get; }

        public RetryRule Retry { get; }

        public AcceptanceRule Acceptance { get; }

        public Counter<long>? SentCounter { get; }

        public bool ReportsRateLimits { get; }

        /// <summary>
        /// True when the failed call may have left a task at the service, so the caller must be told its outcome is unknown
        /// rather than that it failed.
        /// </summary>
        /// <param name="exception">How the call failed.</param>
        /// <param name="send">The record of its last send, when it kept one.</param>
        public bool MayHaveBeenAccepted(Exception exception, SubmitSend? send)
            => Acceptance == AcceptanceRule.MayCreateUnlessProvablyRefused && SubmitOutcome.MayHaveBeenAccepted(exception, send);

        /// <summary>True when a wait that polls with this read outlives <paramref name="exception"/> and reads again later.</summary>
        public bool WaitReadsAgainAfter(Exception exception) => _waitReadsAgainAfter?.Invoke(exception) ?? false;

        /// <summary>True when a refusal with <paramref name="status"/> has the address asked for again (once) and fetched anew.</summary>
        public bool RefreshesAddressAfter(HttpStatusCode status) => _refreshAddressOnceAfter?.Invoke(status) ?? false;

        public override string ToString() => Name;
    }
}
