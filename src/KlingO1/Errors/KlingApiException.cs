using System;
using System.Net;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>
    /// The service answered with an error, or with a body the SDK could not read. Carries the HTTP status, the
    /// service's error code, message and type, and the start of the body.
    /// </summary>
    /// <remarks>
    /// Subclasses mark the answers callers commonly branch on: <see cref="KlingAuthenticationException"/>,
    /// <see cref="KlingInsufficientBalanceException"/>, <see cref="KlingNotFoundException"/>,
    /// <see cref="KlingRateLimitException"/> and <see cref="KlingInvalidRequestException"/>.
    /// </remarks>
    public class KlingApiException : KlingException
    {
        internal KlingApiException(ApiErrorDetails details, string? problem = null, Exception? innerException = null)
            : base(details.Describe(problem), innerException)
        {
            StatusCode = details.StatusCode;
            ErrorCode = details.Code;
            ErrorMessage = details.Message;
            ErrorType = details.Type;
            ErrorParameter = details.Param;
            RequestId = details.RequestId;
            ResponseBodySnippet = details.BodySnippet;
        }

        /// <summary>Gets the HTTP status of the answer.</summary>
        public HttpStatusCode StatusCode { get; }

        /// <summary>Gets the service's error code (a number such as <c>404</c> is given as text), when it sent one.</summary>
        public string? ErrorCode { get; }

        /// <summary>Gets the service's own explanation, when it sent one.</summary>
        public string? ErrorMessage { get; }

        /// <summary>Gets the service's error type, for example <c>authentication_error</c>, when it sent one.</summary>
        public string? ErrorType { get; }

        /// <summary>Gets the request field the service blamed, for example <c>prompt</c>, when it named one.</summary>
        public string? ErrorParameter { get; }

        /// <summary>Gets the request id from the answer's headers, when the service sent one.</summary>
        public string? RequestId { get; }

        /// <summary>Gets the start of the answer's body (at most 512 characters), for diagnosis.</summary>
        public string? ResponseBodySnippet { get; }
    }
}
