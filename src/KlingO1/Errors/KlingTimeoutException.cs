using System;

namespace KlingO1
{
    /// <summary>A request got no complete answer within its time limit (<see cref="TimeoutOptions"/>), on every attempt.</summary>
    public sealed class KlingTimeoutException : KlingException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">What was being done, for example "status read".</param>
        /// <param name="timeout">The limit of one attempt.</param>
        /// <param name="innerException">The cause.</param>
        public KlingTimeoutException(string operation, TimeSpan timeout, Exception? innerException = null)
            : base($"The {operation} got no complete answer within {timeout} (per attempt).", innerException)
        {
            Operation = operation;
            Timeout = timeout;
        }

        /// <summary>Gets what was being done.</summary>
        public string Operation { get; }

        /// <summary>Gets the limit of one attempt.</summary>
        public TimeSpan Timeout { get; }
    }
}
