using System;
using System.Globalization;

namespace KlingO1.Testing.Webhooks
{
    /// <summary>
    /// The key's signing secrets: the current one, and for 24 hours (service time) after a rotation the previous one,
    /// which signs too. Signatures are the SDK's own (<see cref="KlingWebhookSigner"/>), so the simulator and the
    /// verifier cannot disagree on the scheme. Thread-safe.
    /// </summary>
    internal sealed class WebhookSecrets
    {
        private static readonly TimeSpan ServiceRotationWindow = TimeSpan.FromHours(24);

        private readonly object _gate = new();
        private readonly TimeSpan _window;
        private string _current;
        private string? _previous;
        private DateTimeOffset _previousUntil;

        public WebhookSecrets(string secret, string? previousSecret, DateTimeOffset now, double timeScale)
        {
            _window = TimeSpan.FromTicks((long)(ServiceRotationWindow.Ticks / timeScale));
            _current = secret;
            _previous = previousSecret;
            _previousUntil = now + _window;
        }

        /// <summary>Makes <paramref name="secret"/> current; the one it replaces keeps signing for the rotation window.</summary>
        public void Rotate(string secret, DateTimeOffset now)
        {
            lock (_gate)
            {
                _previous = _current;
                _current = secret;
                _previousUntil = now + _window;
            }
        }

        /// <summary>
        /// The <c>X-ToAPIs-Webhook-Signature</c> value: <c>v1=current[,v1=previous]</c>, or, when <paramref name="wrong"/>,
        /// a well-formed signature made with a secret the receiver does not hold.
        /// </summary>
        public string SignatureHeader(string eventId, DateTimeOffset timestamp, ReadOnlySpan<byte> body, bool wrong)
        {
            string current;
            string? previous;
            lock (_gate)
            {
                current = _current;
                previous = _previous is not null && timestamp < _previousUntil ? _previous : null;
            }

            var seconds = Timestamp(timestamp);
            if (wrong)
            {
                return KlingWebhookSigner.Sign("not-" + current, eventId, seconds, body);
            }

            var header = KlingWebhookSigner.Sign(current, eventId, seconds, body);
            return previous is null ? header : header + "," + KlingWebhookSigner.Sign(previous, eventId, seconds, body);
        }

        public static string Timestamp(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }
}
