using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KlingO1.WebApi.Security;

/// <summary>
/// Authenticates a request by its <c>X-Api-Key</c> header. A request without the right key is challenged with a bare
/// <c>401</c> and <c>WWW-Authenticate: ApiKey</c>: no body, nothing said about what was wrong.
/// </summary>
internal sealed class ServiceKeyAuthentication : AuthenticationHandler<AuthenticationSchemeOptions>
{
    /// <summary>The scheme's name, also the <c>WWW-Authenticate</c> challenge.</summary>
    public const string SchemeName = "ApiKey";

    private static readonly ClaimsPrincipal Caller = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "service-key")], SchemeName));

    private readonly ServiceKey _key;

    public ServiceKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServiceKey key)
        : base(options, logger, encoder)
    {
        _key = key;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ServiceKey.Header, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(presented.Count == 1 && _key.Matches(presented[0])
            ? AuthenticateResult.Success(new AuthenticationTicket(Caller, SchemeName))
            : AuthenticateResult.Fail("Wrong service key."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }
}
