using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>The service refused the API key (HTTP 401 or 403): check that it is set, current and allowed to use this model.</summary>
    public sealed class KlingAuthenticationException : KlingApiException
    {
        internal KlingAuthenticationException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
        }
    }
}
