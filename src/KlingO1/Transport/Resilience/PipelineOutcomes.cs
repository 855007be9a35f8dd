using System.Net.Http;
using KlingO1.Transport.Operations;
using Polly;
using Polly.Timeout;

namespace KlingO1.Transport.Resilience
{
    /// <summary>How the senders read what an operation's pipeline ended with.</summary>
    internal static class PipelineOutcomes
    {
        /// <summary>
        /// The answer a pipeline ended with, or its failure thrown: an attempt that ran out of time as
        /// <see cref="KlingTimeoutException"/> (named after the operation), anything else as it was.
        /// </summary>
        public static HttpResponseMessage ResultOf(Outcome<HttpResponseMessage> outcome, ApiOperation operation)
        {
            if (outcome.Exception is TimeoutRejectedException timedOut)
            {
                throw new KlingTimeoutException(operation.Name, timedOut.Timeout, timedOut);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
    }
}
