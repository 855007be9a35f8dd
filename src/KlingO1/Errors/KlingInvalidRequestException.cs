using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>The service refused the request as invalid (HTTP 400) or against its content policy (HTTP 422); nothing was generated.</summary>
    public sealed class KlingInvalidRequestException : KlingApiException
    {
        internal KlingInvalidRequestException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
        }
    }
}
