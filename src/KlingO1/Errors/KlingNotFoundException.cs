using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>The service does not know the requested resource (HTTP 404), for example a task id it never issued or has forgotten.</summary>
    public sealed class KlingNotFoundException : KlingApiException
    {
        internal KlingNotFoundException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
        }
    }
}
