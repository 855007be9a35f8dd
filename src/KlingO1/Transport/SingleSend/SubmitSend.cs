using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace KlingO1.Transport.SingleSend
{
    /// <summary>
    /// What happened to one submit message on its way out, as seen from below every handler the application added: whether
    /// the innermost handler passed it to the network (once at most), what the network answered, and whether anything
    /// tried to send it again. The message carries it (request options), so the innermost handler and the body itself can
    /// refuse a second send, and the SDK can decide by what the network said rather than by what a handler around it reports.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <see cref="Guarded"/>: the client has the SDK's innermost handler (the SDK's own clients, every client registered by
    /// <c>AddKlingVideoClient</c>). Then only a write of the body during that handler's one pass can reach the network: a
    /// handler that reads the body before or after (to hash it, to log it) sends nothing and is let be. Without it (an
    /// <see cref="HttpClient"/> the caller passed in) the body can be written once, wherever.
    /// </para>
    /// <para>Thread-safe: a handler may retry on another thread, or send the message twice at once (hedging).</para>
    /// </remarks>
    internal sealed class SubmitSend
    {
        private const string OptionsKey = "KlingO1.SubmitSend";

        private readonly TaskCompletionSource<bool> _passEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _handOvers;
        private int _inPass;
        private int _bodyWrites;
        private int _resendRefused;
        private int _answerStatus;
        private int _primaryNeverConnected;

        public SubmitSend(bool guarded) => Guarded = guarded;

        /// <summary>Gets a value indicating whether the client has the SDK's innermost handler (see the remarks).</summary>
        public bool Guarded { get; }

        /// <summary>Gets a value indicating whether the innermost handler passed the message to the network.</summary>
        public bool HandedOver => Volatile.Read(ref _handOvers) > 0;

        /// <summary>Gets a value indicating whether a write of the body that can reach the network began.</summary>
        public bool BodyWritten => Volatile.Read(ref _bodyWrites) > 0;

        /// <summary>Gets a value indicating whether a second send (or a second write of the body) was attempted and refused.</summary>
        public bool ResendRefused => Volatile.Read(ref _resendRefused) != 0;

        /// <summary>Gets a value indicating whether any byte of the submit may have left the process.</summary>
        public bool MayHaveLeft => Guarded ? HandedOver : BodyWritten;

        /// <summary>Gets the status the network answered the one send with; null when no answer came (or none was seen).</summary>
        public int? AnswerStatus => Volatile.Read(ref _answerStatus) is var status and > 0 ? status : null;

        /// <summary>Gets a value indicating whether the primary handler failed before a connection opened (nothing was sent).</summary>
        public bool PrimaryNeverConnected => Volatile.Read(ref _primaryNeverConnected) != 0;

        /// <summary>Gets a task that completes when the innermost handler's one pass ended.</summary>
        public Task PassEnded => _passEnded.Task;

        /// <summary>Finds the record a submit message carries, or null for any other message.</summary>
        public static SubmitSend? Of(HttpRequestMessage request) => RequestMarks.Get<SubmitSend>(request, OptionsKey);

        /// <summary>Attaches this record to the message of one attempt.</summary>
        public void AttachTo(HttpRequestMessage request) => RequestMarks.Set(request, OptionsKey, this);

        /// <summary>Claims the one hand-over to the network and starts its pass; false (and the refusal recorded) for any later one.</summary>
        public bool TryHandOver()
        {
            if (!Claim(ref _handOvers))
            {
                return false;
            }

            Volatile.Write(ref _inPass, 1);
            return true;
        }

        /// <summary>Ends the innermost handler's pass: the network answered or failed.</summary>
        public void EndPass()
        {
            Volatile.Write(ref _inPass, 0);
            _passEnded.TrySetResult(true);
        }

        /// <summary>
        /// Claims a write of the body; false (and the refusal recorded) for a second write that could reach the network.
        /// Guarded, only a write during the pass counts; a read outside it sends nothing.
        /// </summary>
        public bool TryWriteBody() => (Guarded && Volatile.Read(ref _inPass) == 0) || Claim(ref _bodyWrites);

        /// <summary>Records what the network answered the one send with (the first answer seen wins).</summary>
        public void RecordAnswer(int status) => Interlocked.CompareExchange(ref _answerStatus, status, 0);

        /// <summary>Records that the primary handler failed, and whether it failed before a connection opened.</summary>
        public void RecordFailure(bool neverConnected)
        {
            if (neverConnected)
            {
                Volatile.Write(ref _primaryNeverConnected, 1);
            }
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
