using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KlingO1.Transport;
using KlingO1.Transport.Wire;

namespace KlingO1
{
    /// <summary>
    /// Verifies and reads the service's webhook deliveries: an HMAC-SHA256 signature over
    /// <c>id.timestamp.body</c> compared in constant time, a timestamp within 5 minutes, and events remembered by id so a
    /// redelivery is recognised. Thread-safe; keep one instance for the application.
    /// </summary>
    /// <remarks>
    /// During a secret rotation the service sends two signatures (<c>v1=old,v1=new</c>): either one matching is enough.
    /// Pass the previous secret as well while you rotate yours.
    /// </remarks>
    public sealed class KlingWebhookVerifier
    {
        /// <summary>The header carrying the event id.</summary>
        public const string IdHeader = "X-ToAPIs-Webhook-Id";

        /// <summary>The header carrying the delivery time in Unix seconds.</summary>
        public const string TimestampHeader = "X-ToAPIs-Webhook-Timestamp";

        /// <summary>The header carrying the signatures, <c>v1=&lt;hex&gt;[,v1=&lt;hex&gt;]</c>.</summary>
        public const string SignatureHeader = "X-ToAPIs-Webhook-Signature";

        private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan RememberFor = TimeSpan.FromHours(24);

        private readonly byte[][] _keys;
        private readonly TimeProvider _time;
        private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

        /// <summary>Creates a verifier.</summary>
        /// <param name="secret">The webhook secret from the ToAPIs console.</param>
        /// <param name="previousSecret">The secret being rotated out, accepted too; or <see langword="null"/>.</param>
        /// <param name="timeProvider">The clock for the 5-minute tolerance; the system clock when <see langword="null"/>.</param>
        /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
        public KlingWebhookVerifier(string secret, string? previousSecret = null, TimeProvider? timeProvider = null)
        {
            if (string.IsNullOrEmpty(secret))
            {
                throw new ArgumentException("The webhook secret is required.", nameof(secret));
            }

            _keys = previousSecret is null or ""
                ? new[] { Encoding.UTF8.GetBytes(secret) }
                : new[] { Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(previousSecret) };
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>Checks a delivery and returns its event.</summary>
        /// <param name="webhookId">The <see cref="IdHeader"/> value.</param>
        /// <param name="timestamp">The <see cref="TimestampHeader"/> value.</param>
        /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
        /// <param name="body">The raw request body, exactly as received.</param>
        /// <returns>The event; see <see cref="VideoTaskEvent.IsRedelivery"/> for one already accepted.</returns>
        /// <exception cref="KlingWebhookException">A header is missing, no signature matches, the timestamp is more than 5 minutes off, or the body is not an event.</exception>
        public VideoTaskEvent Verify(string? webhookId, string? timestamp, string? signature, byte[] body)
        {
            if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || body is null)
            {
                throw new KlingWebhookException($"The delivery lacks the {IdHeader}, {TimestampHeader} or {SignatureHeader} header, or a body.");
            }

            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new KlingWebhookException($"The {TimestampHeader} header is not a Unix time in seconds.");
            }

            if (!SignatureMatches(webhookId!, timestamp!, signature!, body))
            {
                throw new KlingWebhookException("No signature matches the body: the delivery was not signed with your webhook secret, or it was altered.");
            }

            var now = _time.GetUtcNow();
            var skew = now - DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, Math.Min(seconds, 253_402_300_799)));
            if (skew.Duration() > Tolerance)
            {
                throw new KlingWebhookException(
                    $"The delivery's timestamp is {skew.Duration().TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} minutes off (at most 5 are accepted): it may be replayed.");
            }

            var evt = Read(body, isRedelivery: !Remember(webhookId!, now));
            return string.Equals(evt.Id, webhookId, StringComparison.Ordinal)
                ? evt
                : throw new KlingWebhookException("The event id in the body differs from the one in the header.");
        }

        private bool SignatureMatches(string webhookId, string timestamp, string header, byte[] body)
        {
            var prefix = Encoding.UTF8.GetBytes(webhookId + "." + timestamp + ".");
            var signed = new byte[prefix.Length + body.Length];
            Buffer.BlockCopy(prefix, 0, signed, 0, prefix.Length);
            Buffer.BlockCopy(body, 0, signed, prefix.Length, body.Length);

            var offered = header.Split(',')
                .Select(part => part.Trim())
                .Where(part => part.StartsWith("v1=", StringComparison.Ordinal))
                .Select(part => FromHex(part.Substring(3)))
                .Where(bytes => bytes is not null)
                .ToArray();

            var matched = false;
            foreach (var key in _keys)
            {
                using var hmac = new HMACSHA256(key);
                var expected = hmac.ComputeHash(signed);
                foreach (var candidate in offered)
                {
                    // No early exit: the time taken does not reveal which signature, or how much of one, matched.
                    matched |= FixedTimeEquals(expected, candidate!);
                }
            }

            return matched;
        }

        /// <summary>Records an event id; false when it was already there (a redelivery).</summary>
        private bool Remember(string eventId, DateTimeOffset now)
        {
            foreach (var entry in _seen)
            {
                if (now - entry.Value > RememberFor)
                {
                    _seen.TryRemove(entry.Key, out _);
                }
            }

            return _seen.TryAdd(eventId, now);
        }

        private static VideoTaskEvent Read(byte[] body, bool isRedelivery)
        {
            WebhookEventDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize(body, KlingJsonContext.Default.WebhookEventDto);
            }
            catch (JsonException ex)
            {
                throw new KlingWebhookException("The body is not JSON: " + ex.Message, ex);
            }

            if (dto is not { Id: { Length: > 0 } id, Type: { Length: > 0 } type, Data: { TaskId: { Length: > 0 } } data })
            {
                throw new KlingWebhookException("The body lacks the event's id, type or task.");
            }

            try
            {
                return new VideoTaskEvent(
                    id,
                    type,
                    DateTimeOffset.FromUnixTimeSeconds(dto.CreatedAt ?? 0),
                    WireMapping.ToVideoTask(data),
                    data.SubmittedAt is { } submitted ? DateTimeOffset.FromUnixTimeSeconds(submitted) : null,
                    isRedelivery);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentOutOfRangeException)
            {
                throw new KlingWebhookException("The event's task cannot be read: " + ex.Message, ex);
            }
        }

        private static byte[]? FromHex(string hex)
        {
            if (hex.Length == 0 || hex.Length % 2 != 0)
            {
                return null;
            }

            var bytes = new byte[hex.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(hex.Substring(i * 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                {
                    return null;
                }
            }

            return bytes;
        }

        private static bool FixedTimeEquals(byte[] left, byte[] right)
        {
#if NET
            return CryptographicOperations.FixedTimeEquals(left, right);
#else
            if (left.Length != right.Length)
            {
                return false;
            }

            var difference = 0;
            for (var i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }

            return difference == 0;
#endif
        }
    }
}
