using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using KlingO1.Webhooks.Wire;
using KlingO1.Webhooks;
using KlingO1.Internal;

namespace KlingO1
{
    /// <summary>
    /// Verifies and reads the service's webhook deliveries: an HMAC-SHA256 signature over <c>id.timestamp.body</c>
    /// compared in constant time, and a timestamp within 5 minutes. Stateless and thread-safe: it remembers nothing, so
    /// a delivery is verified the same way however often it arrives. Recognising a redelivery is the job of an
    /// <see cref="IKlingWebhookReplayStore"/>, marked once the event has been processed.
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

        /// <summary>The largest body <see cref="VerifyAsync"/> reads; the service's events are about a kilobyte.</summary>
        public const int MaxBodyBytes = 1024 * 1024;

        private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

        private readonly byte[][] _keys;
        private readonly TimeProvider _time;

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

        /// <summary>Checks a delivery and returns its event: act on <see cref="KlingWebhookEvent.Task"/> when it is set, acknowledge the rest.</summary>
        /// <param name="webhookId">The <see cref="IdHeader"/> value.</param>
        /// <param name="timestamp">The <see cref="TimestampHeader"/> value.</param>
        /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
        /// <param name="body">The raw request body, exactly as received; it is hashed in place, not copied.</param>
        /// <returns>The event. Deliveries are at least once: check it against an <see cref="IKlingWebhookReplayStore"/>.</returns>
        /// <exception cref="KlingWebhookException">
        /// A header is missing, no signature matches, the timestamp is more than 5 minutes off, or the body is not a
        /// complete event (an id, a type, a task id and a status).
        /// </exception>
        public KlingWebhookEvent Verify(string? webhookId, string? timestamp, string? signature, ReadOnlySpan<byte> body)
        {
            if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            {
                throw new KlingWebhookException($"The delivery lacks the {IdHeader}, {TimestampHeader} or {SignatureHeader} header.");
            }

            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                throw new KlingWebhookException($"The {TimestampHeader} header is not a Unix time in seconds.");
            }

            if (!WebhookSignature.AnyMatches(_keys, webhookId!, timestamp!, signature!, body))
            {
                throw new KlingWebhookException("No signature matches the body: the delivery was not signed with your webhook secret, or it was altered.");
            }

            var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, Math.Min(seconds, 253_402_300_799)));
            if (skew.Duration() > Tolerance)
            {
                throw new KlingWebhookException(
                    $"The delivery's timestamp is {skew.Duration().TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} minutes off (at most 5 are accepted): it may be replayed.");
            }

            var evt = Read(body);
            return string.Equals(evt.Id, webhookId, StringComparison.Ordinal)
                ? evt
                : throw new KlingWebhookException("The event id in the body differs from the one in the header.");
        }

        /// <summary>Reads a delivery's body (at most <see cref="MaxBodyBytes"/>), checks it and returns its event.</summary>
        /// <param name="webhookId">The <see cref="IdHeader"/> value.</param>
        /// <param name="timestamp">The <see cref="TimestampHeader"/> value.</param>
        /// <param name="signature">The <see cref="SignatureHeader"/> value.</param>
        /// <param name="body">The request body stream, for example ASP.NET Core's <c>HttpRequest.Body</c>.</param>
        /// <param name="cancellationToken">Stops reading the body.</param>
        /// <returns>The event. Deliveries are at least once: check it against an <see cref="IKlingWebhookReplayStore"/>.</returns>
        /// <exception cref="KlingWebhookException">The body is larger than <see cref="MaxBodyBytes"/>, or <see cref="Verify"/> refuses the delivery.</exception>
        public async Task<KlingWebhookEvent> VerifyAsync(string? webhookId, string? timestamp, string? signature, Stream body, CancellationToken cancellationToken = default)
        {
            Guard.NotNull(body);

            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await body.ReadAsync(buffer, length, Math.Min(buffer.Length, MaxBodyBytes + 1) - length, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > MaxBodyBytes)
                    {
                        throw new KlingWebhookException($"The delivery's body is larger than {MaxBodyBytes} bytes: it is not one of the service's events.");
                    }
                }

                return Verify(webhookId, timestamp, signature, new ReadOnlySpan<byte>(buffer, 0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static KlingWebhookEvent Read(ReadOnlySpan<byte> body)
        {
            WebhookEventDto? dto;
            try
            {
                dto = JsonSerializer.Deserialize(body, WebhookJsonContext.Default.WebhookEventDto);
            }
            catch (JsonException ex)
            {
                throw new KlingWebhookException("The body is not JSON: " + ex.Message, ex);
            }

            if (dto is not { Id: { Length: > 0 } id, Type: { Length: > 0 } type, Data: { TaskId: { Length: > 0 } } data })
            {
                throw new KlingWebhookException("The body lacks the event's id, type or task.");
            }

            if (string.IsNullOrWhiteSpace(data.Status))
            {
                throw new KlingWebhookException($"The event's task {data.TaskId} has no status.");
            }

            try
            {
                return WebhookMapping.ToEvent(dto, id, type, data);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                throw new KlingWebhookException("The event's task cannot be read: " + ex.Message, ex);
            }
        }
    }
}
