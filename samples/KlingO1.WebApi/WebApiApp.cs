using KlingO1.Testing;

namespace KlingO1.WebApi;

/// <summary>Builds the service; the tests start it the same way on a loopback port.</summary>
internal static class WebApiApp
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var kling = builder.Configuration.GetSection("KlingO1");
        var simulator = string.IsNullOrWhiteSpace(kling["ApiKey"]) && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("TOAPIS_API_KEY"))
            ? await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeScale = builder.Configuration.GetValue("Simulator:TimeScale", 20.0) })
            : null;

        builder.Services.AddKlingVideoClient(kling);
        builder.Services.PostConfigure<KlingVideoClientOptions>(options =>
        {
            options.ApiKey = simulator?.ApiKey ?? (string.IsNullOrWhiteSpace(options.ApiKey) ? Environment.GetEnvironmentVariable("TOAPIS_API_KEY") : options.ApiKey);
            if (simulator is not null)
            {
                options.BaseAddress = simulator.BaseAddress;
                // The simulator runs faster than the service: poll at its pace.
                options.Polling = simulator.CreateClientOptions().Polling;
            }
        });
        builder.Services.AddSingleton<VideoJobs>();
        builder.Services.AddHostedService<VideoJobWorker>();
        var secret = builder.Configuration["Webhook:Secret"];
        builder.Services.AddSingleton(_ => new KlingWebhookVerifier(string.IsNullOrEmpty(secret) ? "unset-" + Guid.NewGuid() : secret));
        builder.Services.AddSingleton<IKlingWebhookReplayStore>(_ => new InMemoryKlingWebhookReplayStore());

        var app = builder.Build();
        if (simulator is not null)
        {
            app.Logger.LogInformation("No ToAPIs API key configured: using the offline simulator at {Address}", simulator.BaseAddress);
            app.Lifetime.ApplicationStopped.Register(() => simulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        app.MapPost("/videos", (NewVideo body, VideoJobs jobs) =>
        {
            if (string.IsNullOrWhiteSpace(body.Prompt))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["prompt"] = new[] { "A prompt is required." } });
            }

            // Check the request now, so a bad one is refused here rather than failing in the background.
            if (body.Mode is not (null or "std" or "pro"))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = new[] { "Use std or pro." } });
            }

            try
            {
                _ = new VideoGenerationRequest(body.Prompt)
                {
                    Mode = new VideoMode(body.Mode ?? "std"),
                    Duration = VideoDuration.FromSeconds(body.Duration ?? 5),
                };
            }
            catch (ArgumentException ex)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["request"] = new[] { ex.Message } });
            }

            var job = jobs.Add(body.Prompt, body.Mode ?? "std", body.Duration ?? 5);
            return Results.Accepted("/videos/" + job.Id, job);
        });

        app.MapGet("/videos/{id}", (string id, VideoJobs jobs) => jobs.Find(id) is { } job ? Results.Ok(job) : Results.NotFound());

        app.MapPost("/webhooks/kling", async (HttpRequest http, KlingWebhookVerifier verifier, IKlingWebhookReplayStore replays, VideoJobs jobs, ILogger<VideoJobs> log) =>
        {
            KlingWebhookEvent evt;
            try
            {
                evt = await verifier.VerifyAsync(
                    http.Headers[KlingWebhookVerifier.IdHeader], http.Headers[KlingWebhookVerifier.TimestampHeader],
                    http.Headers[KlingWebhookVerifier.SignatureHeader], http.Body, http.HttpContext.RequestAborted);
            }
            catch (KlingWebhookException ex)
            {
                return Results.BadRequest(ex.Message);
            }

            // Marked processed only once handled: if handling throws, the service's retry is handled again.
            await replays.ProcessOnceAsync(evt, (e, _) =>
            {
                // Only a video task's final event carries a task; a console test or an image task of the same key is acknowledged.
                if (e.Task is null)
                {
                    log.LogInformation("Webhook event {EventId} ({Type}, {TaskType} task {TaskId}) acknowledged, nothing to do", e.Id, e.Type, e.TaskType, e.TaskId);
                }
                else if (!jobs.DeliverWebhook(e.Task))
                {
                    log.LogWarning("Webhook event {EventId} names task {TaskId}, which is no job of this service", e.Id, e.TaskId);
                }

                return Task.CompletedTask;
            }, http.HttpContext.RequestAborted);
            return Results.Ok();
        });

        return app;
    }
}

/// <summary>The body of <c>POST /videos</c>.</summary>
internal sealed record NewVideo(string? Prompt, string? Mode, int? Duration);
