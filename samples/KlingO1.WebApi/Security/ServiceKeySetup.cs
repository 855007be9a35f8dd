using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace KlingO1.WebApi.Security;

/// <summary>
/// Every endpoint needs the service key unless it says otherwise (<c>AllowAnonymous</c>: the webhook, verified by its
/// signature, and the health check): a new endpoint is closed until someone opens it. Static files are served before
/// authorization, so the page loads and asks for the key.
/// </summary>
internal static class ServiceKeySetup
{
    public static IServiceCollection AddServiceKey(this IServiceCollection services, string? configuredKey)
    {
        services.AddSingleton(ServiceKey.From(configuredKey));

        // Authentication brings data protection along; nothing here is protected with it (no cookies, no tokens), so its
        // keys live in memory rather than in a key ring on disk that would warn at every start.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication(ServiceKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ServiceKeyAuthentication>(ServiceKeyAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ServiceKeyAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Logs a generated key once, at Warning: the operator needs it, and it is valid for this run only.</summary>
    public static void LogGeneratedServiceKey(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ServiceKey>().Generated is { } generated)
        {
            app.Logger.LogWarning("Service API key (generated for this run): {ServiceApiKey}", generated);
        }
    }
}
