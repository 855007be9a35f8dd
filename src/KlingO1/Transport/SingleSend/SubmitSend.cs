using System.Net.Http;
using System.Threading;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// What happened to one submit message on its way out: whether it was handed to the primary handler (the network) and
    /// whether its body was written, each at most once, and whether anything around the SDK tried to send it again. The
    /// message carries it (request options), so the innermost handler and the body itself can refuse a second send.
    /// </summary>
    /// <remarks>Thread-safe: a handler may retry on another thread, or send the message twice at once (hedging).</remarks>
    internal sealed class SubmitSend
    {
        private const string OptionsKey = "KlingO1.SubmitSend";
#if NET
        private static readonly HttpRequestOptionsKey<SubmitSend> Key = new(OptionsKey);
#endif

        private int _handOvers;
        private int _bodyWrites;
        private int _resendRefused;

        /// <summary>Gets a value indicating whether the innermost handler passed the message to the network.</summary>
        public bool HandedOver => Volatile.Read(ref _handOvers) > 0;

        /// <summary>Gets a value indicating whether something began to write the body (to the network or a buffer).</summary>
        public bool BodyStarted => Volatile.Read(ref _bodyWrites) > 0;

        /// <summary>Gets a value indicating whether a second send (or a second write of the body) was attempted and refused.</summary>
        public bool ResendRefused => Volatile.Read(ref _resendRefused) != 0;

        /// <summary>Gets a value indicating whether any byte of the submit may have left the process.</summary>
        public bool MayHaveLeft => HandedOver || BodyStarted;

        /// <summary>Gets the status of the one answer the network gave, seen by the innermost handler; null when it saw none.</summary>
        public int? AnswerStatus { get; private set; }

        /// <summary>Gets the service's error code of that answer, for a 503 (the submit limiter's or another one); null otherwise.</summary>
        public string? AnswerErrorCode { get; private set; }

        /// <summary>Finds the record a submit message carries, or null for any other message.</summary>
        public static SubmitSend? Of(HttpRequestMessage request)
        {
#if NET
            return request.Options.TryGetValue(Key, out var send) ? send : null;
#else
            return request.Properties.TryGetValue(OptionsKey, out var send) ? send as SubmitSend : null;
#endif
        }

        /// <summary>Attaches this record to the message of one attempt.</summary>
        public void AttachTo(HttpRequestMessage request)
        {
#if NET
            request.Options.Set(Key, this);
#else
            request.Properties[OptionsKey] = this;
#endif
        }

        /// <summary>Claims the one hand-over to the network; false (and the refusal recorded) for any later one.</summary>
        public bool TryHandOver() => Claim(ref _handOvers);

        /// <summary>Claims the one write of the body; false (and the refusal recorded) for any later one.</summary>
        public bool TryStartBody() => Claim(ref _bodyWrites);

        /// <summary>Records the answer the network gave to the one send.</summary>
        public void RecordAnswer(int status, string? errorCode)
        {
            AnswerStatus = status;
            AnswerErrorCode = errorCode;
        }

        private bool Claim(ref int count)
        {
            if (Interlocked.Increment(ref count) == 1)
            {
                return true;
            }

            Volatile.Write(ref _resendRefused, 1);
            return false;
        }
    }
}
