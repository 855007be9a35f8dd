using System;

namespace KlingO1
{
    /// <summary>A webhook delivery was refused: answer it with HTTP 400 (or 401) and do not act on it.</summary>
    public sealed class KlingWebhookException : KlingException
    {
        /// <summary>Initializes a new instance of the <see cref="KlingWebhookException"/> class, for example for a test of code that handles a refused delivery.</summary>
        /// <param name="message">Why the delivery was refused.</param>
        /// <param name="innerException">The cause, if any.</param>
        public KlingWebhookException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
