using System;

namespace KlingO1
{
    /// <summary>A request got no complete answer within its time limit (<see cref="KlingTimeoutOptions"/>), on every attempt.</summary>
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

        internal KlingTimeoutException(string operation, TimeSpan timeout, string message, Exception? innerException)
            : base(message, innerException)
        {
            Operation = operation;
            Timeout = timeout;
        }

        /// <summary>Gets what was being done.</summary>
        public string Operation { get; }

        /// <summary>Gets the limit of one attempt.</summary>
        public TimeSpan Timeout { get; }

        /// <summary>
        /// The exception for a request cut short by something else than the SDK's own per-attempt limit and the caller's
        /// token: <see cref="System.Net.Http.HttpClient.Timeout"/>, or a handler's own time limit.
        /// </summary>
        internal static KlingTimeoutException CutShort(string operation, TimeSpan httpClientTimeout, Exception innerException)
            => new(
                operation,
                httpClientTimeout,
                httpClientTimeout == System.Threading.Timeout.InfiniteTimeSpan
                    ? $"The {operation} was cut short, neither by the caller's token nor by the SDK's own time limit: by a handler's own limit, or the HTTP client was disposed."
                    : $"The {operation} was cut short before the SDK's own time limit: by HttpClient.Timeout ({httpClientTimeout}) or a handler's own limit.",
                innerException);
    }
}
