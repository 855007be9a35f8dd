using System;
using System.Threading;

namespace KlingO1.Testing
{
    /// <summary>
    /// Faults of webhook delivery to switch on while a test runs. They act on the automatic deliveries of task events
    /// (first attempts and retries), each for the next N attempts; the console's test event and redeliveries are sent
    /// as asked. Thread-safe.
    /// </summary>
    public sealed class SimulatorWebhookFaults
    {
        private int _drops;
        private int _duplicates;
        private int _wrongSignatures;
        private long _delayTicks;

        internal SimulatorWebhookFaults()
        {
        }

        /// <summary>
        /// Loses the next <paramref name="count"/> delivery attempts: nothing is sent, and nothing is retried, as when the
        /// service believes an event delivered that never arrived. A receiver's polling fallback is what finds such a task.
        /// </summary>
        /// <remarks>
        /// A delivery that is late but does arrive is <see cref="Delay"/>; one the service retries is any non-2xx answer
        /// or timeout of the receiver itself.
        /// </remarks>
        /// <param name="count">How many attempts to lose.</param>
        public void DropDeliveries(int count) => Interlocked.Exchange(ref _drops, count);

        /// <summary>
        /// Sends each of the next <paramref name="count"/> delivery attempts twice, the copy right after the first answer,
        /// with the same event id and body (and a fresh signature): the receiver's replay store should process it once.
        /// Whether the attempt is retried follows the first answer.
        /// </summary>
        /// <param name="count">How many attempts to duplicate.</param>
        public void DuplicateDeliveries(int count) => Interlocked.Exchange(ref _duplicates, count);

        /// <summary>
        /// Signs the next <paramref name="count"/> delivery attempts with a wrong secret: a receiver that verifies refuses
        /// them with a non-2xx answer, and the usual retry schedule then delivers a correctly signed one.
        /// </summary>
        /// <param name="count">How many attempts to sign wrongly.</param>
        public void SignWithWrongSecret(int count) => Interlocked.Exchange(ref _wrongSignatures, count);

        /// <summary>
        /// Gets or sets how much later than due, by the simulator's clock (not divided by the time scale), every
        /// automatic delivery attempt goes out. Read when an attempt falls due.
        /// </summary>
        /// <value><see cref="TimeSpan.Zero"/>.</value>
        public TimeSpan Delay
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
            set => Interlocked.Exchange(ref _delayTicks, value < TimeSpan.Zero ? 0 : value.Ticks);
        }

        internal bool TakeDrop() => FaultCounter.TakeOne(ref _drops);

        internal bool TakeDuplicate() => FaultCounter.TakeOne(ref _duplicates);

        internal bool TakeWrongSignature() => FaultCounter.TakeOne(ref _wrongSignatures);
    }
}
