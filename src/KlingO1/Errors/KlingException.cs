using System;

namespace KlingO1
{
    /// <summary>The base of every exception the SDK throws for a service answer or a task outcome.</summary>
    /// <remarks>Argument problems are reported before any request as <see cref="ArgumentException"/> instead.</remarks>
    public class KlingException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public KlingException()
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        /// <param name="message">What went wrong.</param>
        public KlingException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and its cause.</summary>
        /// <param name="message">What went wrong.</param>
        /// <param name="innerException">The cause.</param>
        public KlingException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
