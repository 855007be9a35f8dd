using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Polly.Timeout;

namespace KlingO1.Transport.Resilience
{
    /// <summary>Which failures are passing ones, and which of those prove that a request never reached the service.</summary>
    internal static class TransientFailures
    {
        /// <summary>Statuses that say "try again later": the request was not (fully) served.</summary>
        public static bool IsTransientStatus(HttpStatusCode status)
            => (int)status is 408 or 429 or 500 or 502 or 503 or 504;

        /// <summary>The error code of the submit limiter's 503: the submit was refused, not accepted.</summary>
        public const string SubmitLimiterCode = Errors.ApiErrorDetails.SubmitLimiterCode;

        /// <summary>
        /// True when the service refused a submit for now and asks for it later: a 429, or a 503 from the submit limiter
        /// (<see cref="SubmitLimiterCode"/>). These, and only these, are sent again; whether a failed submit may have
        /// created a task is <see cref="SubmitOutcome.MayHaveBeenAccepted"/>.
        /// </summary>
        public static bool IsRetryableSubmitRefusal(HttpStatusCode status, string? errorCode)
            => (int)status == 429 || (status == HttpStatusCode.ServiceUnavailable && errorCode == SubmitLimiterCode);

        /// <summary>A failure of the exchange itself (no usable answer): connection trouble or an attempt that ran out of time.</summary>
        public static bool IsTransientException(Exception exception)
            => exception is HttpRequestException or TimeoutRejectedException or KlingTimeoutException or System.IO.IOException;

        /// <summary>
        /// True for a read failure that a later read may not meet: a transient status, an answer that was not an error but
        /// could not be read (a proxy's page, a cut body, another task's state), a timeout, a connection failure. A wait that
        /// polls outlives these (the read itself has already retried what it may).
        /// </summary>
        public static bool MayPassBeforeNextRead(Exception exception) => exception switch
        {
            KlingApiException api => IsTransientStatus(api.StatusCode) || (int)api.StatusCode < 400,
            KlingTimeoutException or HttpRequestException or System.IO.IOException => true,
            _ => false,
        };

        /// <summary>
        /// True only when the connection never opened, so not one byte of the request can have reached the service.
        /// Anything else (a reset, a timeout, a broken answer) may have come after the service accepted the request.
        /// </summary>
        public static bool NeverReachedService(Exception exception)
        {
#if NET8_0_OR_GREATER
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
#else
            // Built for netstandard2.0 but run on .NET 8 or later, the exception names its kind of failure in a property this
            // build cannot name (HttpRequestError, .NET 8): ask for it by name, so a refused connection is told apart here too.
            if (exception is HttpRequestException
                && exception.GetType().GetProperty("HttpRequestError")?.GetValue(exception)?.ToString() is "ConnectionError" or "NameResolutionError")
            {
                return true;
            }
#endif
            for (var inner = exception; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain;
                }
            }

            return false;
        }
    }
}
