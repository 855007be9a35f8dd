using System.Net.Http;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// Thrown to whatever tried to send a submit a second time (a retrying handler around the SDK's client, a hedge, a
    /// redirect, a connection retry inside the primary handler). An <see cref="HttpRequestException"/>: a failed attempt to
    /// resilience handlers, so a hedging handler takes the first attempt's answer rather than this refusal, and a retrying
    /// one spends its attempts on refusals that send nothing.
    /// </summary>
    internal sealed class SubmitResentException : HttpRequestException
    {
        public SubmitResentException(bool copy = false)
            : base(copy
                ? "KlingO1 refused to send a copy of a video submit that a handler around its HTTP client made without the SDK's request "
                    + "options (every accepted submit is billed, and only the SDK's own message can be kept single-shot): send the message "
                    + "you were given, or copy its Options too."
                : "KlingO1 refused a second send of a video submit (every accepted submit is billed, so one is sent at most once).")
        {
        }
    }
}
