using System;
using System.Globalization;
using System.Net;
using System.Text;

namespace KlingO1.Errors
{
    /// <summary>What an error answer said, gathered once by the transport and carried by the exception.</summary>
    internal sealed record ApiErrorDetails(
        HttpStatusCode StatusCode,
        string? Code,
        string? Message,
        string? Type,
        string? Param,
        string? RequestId,
        string? BodySnippet,
        TimeSpan? RetryAfter = null,
        RateLimitInfo? RateLimit = null)
    {
        /// <summary>The error code of the submit limiter's 503: the submit was refused, not accepted.</summary>
        public const string SubmitLimiterCode = "rate_limit_unavailable";

        /// <summary>The exception callers branch on, by status: the one rule, used by the transport and the model factory.</summary>
        public KlingApiException ToException() => (int)StatusCode switch
        {
            401 or 403 => new KlingAuthenticationException(this),
            402 => new KlingInsufficientBalanceException(this),
            404 => new KlingNotFoundException(this),

            // The submit limiter's 503 means what a 429 means: not accepted, send again later. Callers handle both in one place.
            429 => new KlingRateLimitException(this),
            503 when Code == SubmitLimiterCode => new KlingRateLimitException(this),
            400 or 422 => new KlingInvalidRequestException(this),
            _ => new KlingApiException(this),
        };

        /// <summary>One readable sentence with everything a developer needs from the answer.</summary>
        public string Describe(string? problem = null)
        {
            var text = new StringBuilder("ToAPIs answered HTTP ")
                .Append(((int)StatusCode).ToString(CultureInfo.InvariantCulture))
                .Append(" (").Append(StatusCode).Append(')');
            text.Append(Message is null ? ": " + (problem ?? "the body is not a ToAPIs error") : ": " + Message);

            var facts = new[]
            {
                Code is null ? null : "code " + Code,
                Type is null ? null : "type " + Type,
                Param is null ? null : "param " + Param,
                RequestId is null ? null : "request id " + RequestId,
                RateLimit is null ? null : "rate limit: " + RateLimit,
            };
            var joined = string.Join(", ", Array.FindAll(facts, f => f is not null));
            if (joined.Length > 0)
            {
                text.Append(" (").Append(joined).Append(')');
            }

            if ((Message is null || problem is not null) && !string.IsNullOrEmpty(BodySnippet))
            {
                text.Append(". Body: ").Append(BodySnippet);
            }

            if ((int)StatusCode == 402)
            {
                // Where to look next: a 402 says the balance is spent, not how much is missing.
                text.Append(". See what is left with GetBalanceAsync (this key) or GetUserBalanceAsync (the account), and top up in the ToAPIs console");
            }

            return text.ToString();
        }
    }
}
