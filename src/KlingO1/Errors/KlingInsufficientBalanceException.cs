using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>The account has too little balance for the request (HTTP 402): top it up in the ToAPIs console.</summary>
    public sealed class KlingInsufficientBalanceException : KlingApiException
    {
        internal KlingInsufficientBalanceException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
        }
    }
}
