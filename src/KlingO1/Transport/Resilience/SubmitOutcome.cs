using System;
using System.Net;
using KlingO1.Errors;
using KlingO1.Transport.SingleSend;

namespace KlingO1.Transport.Resilience
{
    /// <summary>
    /// The one rule for "may this failed submit have created a (billed) task", beside the retry rule that uses it. Only a
    /// refusal the service stated, or a failure before any byte of the submit left the process, says no.
    /// </summary>
    internal static class SubmitOutcome
    {
        /// <summary>
        /// True unless the failure proves that no task was created: the service refused the submit (a 4xx but 408, or the
        /// submit limiter's 503), the connection never opened, or nothing of the message left the process.
        /// </summary>
        public static bool MayHaveBeenAccepted(Exception exception, SubmitSend? send)
        {
            if (exception is KlingApiException api && IsStatedRefusal(api.StatusCode, api.ErrorCode))
            {
                return false;
            }

            if (TransientFailures.NeverReachedService(exception))
            {
                return false;
            }

            return send is { MayHaveLeft: true };
        }

        /// <summary>True when the service stated that it refused a submit: 4xx but 408 (the request was not served), or a 503 of the submit limiter.</summary>
        public static bool IsStatedRefusal(HttpStatusCode status, string? errorCode)
            => ((int)status is >= 400 and < 500 && status != HttpStatusCode.RequestTimeout)
                || (status == HttpStatusCode.ServiceUnavailable && errorCode == TransientFailures.SubmitLimiterCode);

        /// <summary>
        /// The answer the one send got, when a handler around the client swallowed it and tried to send the submit again
        /// (which the SDK refused): the caller learns what the service said, not only that a resend was stopped. A refusal
        /// (a 429, say) is then retried or reported as the refusal it was; any other answer is the cause of an unknown outcome.
        /// </summary>
        public static KlingApiException? SwallowedAnswer(SubmitSend send)
        {
            if (!send.ResendRefused || send.AnswerStatus is not { } status)
            {
                return null;
            }

            const string Message = "a handler around the SDK's HTTP client swallowed this answer and tried to send the submit again, which the SDK refused";
            return new ApiErrorDetails((HttpStatusCode)status, send.AnswerErrorCode, Message, null, null, null, null).ToException();
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
    }
}
