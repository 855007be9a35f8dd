using System;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// Thrown to whatever tried to send a submit a second time (a retrying handler around the SDK's client, a redirect, a
    /// connection retry inside the primary handler). Not an <see cref="System.Net.Http.HttpRequestException"/>, so retry
    /// handlers that retry only those stop at once.
    /// </summary>
    internal sealed class SubmitResentException : InvalidOperationException
    {
        public SubmitResentException()
            : base("KlingO1 refused to send a video submit a second time: every accepted submit is billed, so a submit is sent "
                + "at most once. Something around the SDK's HTTP client (a retrying handler, a redirect) tried to send it again.")
        {
        }
    }
}
