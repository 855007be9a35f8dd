using System;
using System.Text;
using KlingO1.Webhooks;

namespace KlingO1
{
    /// <summary>
    /// Signs a webhook delivery the way the service does, so an application can test its webhook endpoint with
    /// deliveries that <see cref="KlingWebhookVerifier"/> accepts.
    /// </summary>
    public static class KlingWebhookSigner
    {
        /// <summary>Computes the <see cref="KlingWebhookVerifier.SignatureHeader"/> value for a delivery.</summary>
        /// <param name="secret">The webhook secret.</param>
        /// <param name="webhookId">The <see cref="KlingWebhookVerifier.IdHeader"/> value, the event's id.</param>
        /// <param name="timestamp">The <see cref="KlingWebhookVerifier.TimestampHeader"/> value, Unix seconds.</param>
        /// <param name="body">The exact body that will be sent.</param>
        /// <returns><c>v1=</c> followed by the lowercase-hex HMAC-SHA256 of <c>id.timestamp.body</c>.</returns>
        /// <exception cref="ArgumentException"><paramref name="secret"/>, <paramref name="webhookId"/> or <paramref name="timestamp"/> is empty.</exception>
        public static string Sign(string secret, string webhookId, string timestamp, ReadOnlySpan<byte> body)
        {
            Require(secret, nameof(secret));
            Require(webhookId, nameof(webhookId));
            Require(timestamp, nameof(timestamp));
            return WebhookSignature.ToHeader(WebhookSignature.Compute(Encoding.UTF8.GetBytes(secret), webhookId, timestamp, body));
        }

        /// <summary>Computes the signature header value for a delivery sent at <paramref name="timestamp"/>.</summary>
        /// <param name="secret">The webhook secret.</param>
        /// <param name="webhookId">The event's id.</param>
        /// <param name="timestamp">The delivery time; send <see cref="DateTimeOffset.ToUnixTimeSeconds"/> of it as the timestamp header.</param>
        /// <param name="body">The exact body that will be sent.</param>
        /// <returns>The signature header value.</returns>
        public static string Sign(string secret, string webhookId, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
            => Sign(secret, webhookId, timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), body);

        private static void Require(string value, string name)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException("A value is required.", name);
            }
        }
    }
}
