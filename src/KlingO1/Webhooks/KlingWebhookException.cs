using System;

namespace KlingO1
{
    /// <summary>A webhook delivery was refused: answer it with HTTP 400 (or 401) and do not act on it.</summary>
    public sealed class KlingWebhookException : KlingException
    {
        internal KlingWebhookException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
