namespace KlingO1.WebApi.Webhooks;

/// <summary>The verifier of <c>Webhook:Secret</c>, or none when no secret is configured (then every delivery is refused).</summary>
/// <param name="Verifier">Checks a delivery's signature and timestamp.</param>
internal sealed record WebhookVerification(KlingWebhookVerifier? Verifier)
{
    public static WebhookVerification From(string? secret) => new(secret is null ? null : new KlingWebhookVerifier(secret));
}
