using KlingO1.WebApi.Hosting;
using KlingO1.WebApi.Storage;

namespace KlingO1.WebApi.Endpoints;

/// <summary>
/// <c>GET /health</c> (no key, for load balancers): 200 while the database answers, 503 when it does not, with the
/// instance's name and storage either way.
/// </summary>
internal static class HealthEndpoint
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps the check for GET and HEAD: some load balancers probe with HEAD, which would otherwise need the key (401).</summary>
    public static void MapHealth(this IEndpointRouteBuilder app)
        => app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], CheckAsync).AllowAnonymous();

    private static async Task<IResult> CheckAsync(IJobStore store, ServiceSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        try
        {
            await store.PingAsync(timeout.Token);
            return TypedResults.Ok(new Health("healthy", settings.InstanceName, settings.Storage.ToString()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(HealthEndpoint)).LogWarning(ex, "Health check: the database does not answer");
            return TypedResults.Json(new Health("unhealthy", settings.InstanceName, settings.Storage.ToString()), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>The body of <c>GET /health</c>.</summary>
    private sealed record Health(string Status, string Instance, string Storage);
}
