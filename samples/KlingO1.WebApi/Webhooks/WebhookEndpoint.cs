namespace KlingO1.WebApi.Webhooks;

/// <summary>
/// <c>POST /webhooks/kling</c>: no service key, the signature instead (<c>Webhook:Secret</c>; without one every delivery
/// is refused). A verified final event of one of our jobs ends it, once per event id across the fleet; an event for a
/// task that is no job here is answered 404 so the service delivers it again (the job may be on its way: a database
/// restored, a row not yet visible); the console's test event is acknowledged.
/// </summary>
internal static class WebhookEndpoint
{
    public const string Path = "/webhooks/kling";

    public static void MapKlingWebhook(this IEndpointRouteBuilder app)
        => app.MapPost(Path, ReceiveAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> ReceiveAsync(
        HttpRequest http, WebhookVerification verification, IKlingWebhookReplayStore replays, WebhookJobFinisher finisher, ILogger<WebhookJobFinisher> logger)
    {
        if (verification.Verifier is not { } verifier)
        {
            return Results.Problem("Webhooks are not configured here (no Webhook:Secret).", statusCode: StatusCodes.Status400BadRequest);
        }

        var aborted = http.HttpContext.RequestAborted;
        KlingWebhookEvent evt;
        try
        {
            evt = await verifier.VerifyAsync(
                http.Headers[KlingWebhookVerifier.IdHeader], http.Headers[KlingWebhookVerifier.TimestampHeader],
                http.Headers[KlingWebhookVerifier.SignatureHeader], http.Body, aborted);
        }
        catch (KlingWebhookException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        if (evt.IsTest)
        {
            logger.LogInformation("Webhook test event {EventId} acknowledged", evt.Id);
            return Results.Ok();
        }

        if (await finisher.FindJobAsync(evt, aborted) is not { } jobId)
        {
            logger.LogWarning("Webhook event {EventId} names task {TaskId} (business id {BusinessId}), which is no job of this service", evt.Id, evt.TaskId, evt.ClientBusinessId);
            return Results.NotFound();
        }

        // Marked processed only once handled: if handling throws, the endpoint answers 500 and the retry is handled again.
        await replays.ProcessOnceAsync(
            evt,
            (e, ct) => e.Task is { } task ? finisher.FinishAsync(jobId, task, ct) : Task.CompletedTask,
            aborted);
        return Results.Ok();
    }
}
