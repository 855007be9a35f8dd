using KlingO1.WebApi.Endpoints;
using KlingO1.WebApi.Hosting;
using KlingO1.WebApi.Jobs;
using KlingO1.WebApi.Kling;
using KlingO1.WebApi.Security;
using KlingO1.WebApi.Storage;
using KlingO1.WebApi.Webhooks;

namespace KlingO1.WebApi;

/// <summary>Builds the service from its configuration; the tests start it the same way on a loopback port.</summary>
internal static class WebApiApp
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = ServiceSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
        var simulator = await builder.AddKlingClientAsync(settings);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new VideoFiles(settings.VideoDirectory));
        services.AddSingleton<VideoSaver>();
        services.AddJobStore(settings);
        services.AddVideoJobEngine(settings);
        services.AddSingleton(WebhookVerification.From(settings.WebhookSecret));
        services.AddSingleton<IKlingWebhookReplayStore, DatabaseWebhookReplayStore>();
        services.AddSingleton<WebhookJobFinisher>();
        services.AddServiceKey(settings.ApiKey);
        services.AddProblemDetails();
        services.AddOpenApi();

        var app = builder.Build();
        app.Logger.LogInformation("Instance {Instance}: jobs on {Storage}, {Workers} workers", settings.InstanceName, settings.Storage, settings.Workers);
        app.LogGeneratedServiceKey();
        if (simulator is not null)
        {
            app.Logger.LogInformation("No ToAPIs API key configured: using the offline simulator at {Address}", simulator.BaseAddress);
            app.Lifetime.ApplicationStopped.Register(() => simulator.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        await app.PrepareDatabaseAsync();
        app.UseProblemDetailsForErrors();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapVideoEndpoints();
        app.MapKlingWebhook();
        app.MapHealth();
        app.MapOpenApi();
        return app;
    }
}
