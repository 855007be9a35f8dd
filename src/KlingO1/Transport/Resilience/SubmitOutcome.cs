using System;
using System.Net;
using System.Net.Http;
using KlingO1.Errors;
using KlingO1.Transport.SingleSend;
using Polly;

namespace KlingO1.Transport.Resilience
{
    /// <summary>
    /// The one rule for "may this failed submit have created a (billed) task", beside the retry rule that uses it. Only a
    /// refusal the service stated, or a failure before any byte of the submit left the process, says no. Where the SDK's
    /// innermost handler saw the send, its record decides: what the network said, not what a handler around it reports.
    /// </summary>
    internal static class SubmitOutcome
    {
        /// <summary>
        /// True unless the failure proves that no task was created: the service refused the submit (a 4xx but 408, or the
        /// submit limiter's 503), the connection never opened, or nothing of the message left the process.
        /// </summary>
        public static bool MayHaveBeenAccepted(Exception exception, SubmitSend? send)
        {
            if (send is null || !send.MayHaveLeft)
            {
                return false;
            }

            if (send.Guarded)
            {
                return send.AnswerStatus is { } status
                    ? !IsStatedRefusal((HttpStatusCode)status, ErrorCodeOf(exception, status))
                    : !send.PrimaryNeverConnected;
            }

            return !(exception is KlingApiException api && IsStatedRefusal(api.StatusCode, api.ErrorCode))
                && !TransientFailures.NeverReachedService(exception);
        }

        /// <summary>
        /// The retry decision by the innermost handler's record, where it saw the send: what the network said decides, not
        /// what a handler around it reports. Null when the answer that reached the SDK is the network's own, to be judged by
        /// its status (or when no record was kept).
        /// </summary>
        public static bool? MaySendAgain(SubmitSend send, Outcome<HttpResponseMessage> outcome)
        {
            if (!send.Guarded)
            {
                return null;
            }

            if (!send.HandedOver)
            {
                // Nothing left the process: a passing failure may be tried again, a refused copy of the message not.
                return outcome.Exception is { } failed && TransientFailures.IsTransientException(failed) && !IsRefusedSend(failed);
            }

            if (send.AnswerStatus is not { } status)
            {
                return send.PrimaryNeverConnected;
            }

            return outcome.Result is { } answer && (int)answer.StatusCode == status ? null : status == 429;
        }

        /// <summary>True when the service stated that it refused a submit: 4xx but 408 (the request was not served), or a 503 of the submit limiter.</summary>
        public static bool IsStatedRefusal(HttpStatusCode status, string? errorCode)
            => ((int)status is >= 400 and < 500 && status != HttpStatusCode.RequestTimeout)
                || (status == HttpStatusCode.ServiceUnavailable && errorCode == TransientFailures.SubmitLimiterCode);

        /// <summary>
        /// The answer the network gave the one send, where a handler around the client swallowed or replaced it (a retry
        /// the SDK refused, a fallback answer, a failover to another address): the caller learns what the service said,
        /// and the SDK decides by it. Null when what reached the SDK is what the network said.
        /// </summary>
        public static Exception? Substitute(SubmitSend send, HttpResponseMessage? response)
        {
            if (!send.Guarded || !send.HandedOver)
            {
                return null;
            }

            if (send.AnswerStatus is not { } status)
            {
                // The network gave no answer, yet an answer came back: a handler made it up.
                return response is null
                    ? null
                    : new HttpRequestException("A handler around the SDK's HTTP client answered in place of the service, which gave no answer to the submit.");
            }

            if (response is not null && (int)response.StatusCode == status)
            {
                return null;
            }

            const string Message = "a handler around the SDK's HTTP client swallowed or replaced this answer to the submit";
            return new ApiErrorDetails((HttpStatusCode)status, null, Message, null, null, null, null).ToException();
        }

        /// <summary>What the SDK knows of how often the submit went out, for the outcome-unknown message.</summary>
        public static string HowOftenSent(SubmitSend send)
        {
            if (send.ResendRefused)
            {
                return "Something around the SDK's HTTP client (a retrying handler, a redirect) tried to send it again; the SDK refused, so it was sent once.";
            }

            return send.HandedOver ? "It was sent once and not again." : "The SDK did not send it again.";
        }

        private static bool IsRefusedSend(Exception exception)
        {
            for (var inner = exception; inner is not null; inner = inner.InnerException)
            {
                if (inner is SubmitResentException)
                {
                    return true;
                }
            }

            return false;
        }

        private static string? ErrorCodeOf(Exception exception, int status)
            => exception is KlingApiException api && (int)api.StatusCode == status ? api.ErrorCode : null;
    }
}
