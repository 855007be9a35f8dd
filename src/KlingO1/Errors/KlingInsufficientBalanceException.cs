using System;
using KlingO1.Errors;

namespace KlingO1
{
    /// <summary>
    /// The account has too little balance for the request (HTTP 402): top it up in the ToAPIs console. See what is left
    /// with <see cref="IKlingVideoClient.GetBalanceAsync"/> (the key's) or <see cref="IKlingVideoClient.GetUserBalanceAsync"/>
    /// (the account's); the message says so too.
    /// </summary>
    public sealed class KlingInsufficientBalanceException : KlingApiException
    {
        internal KlingInsufficientBalanceException(ApiErrorDetails details, Exception? innerException = null)
            : base(details, innerException: innerException)
        {
        }
    }
}
