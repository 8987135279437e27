using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nod.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The test hosts' own authentication: <c>X-Test-User: alice</c> signs the request in as user <c>alice</c> (name from
/// <c>X-Test-Name</c>, else the id capitalized); no header is anonymous, so the app API answers 401.
/// <c>X-Test-No-Id: 1</c> signs in a principal without a NameIdentifier claim; <c>X-Test-Auth-Type</c> replaces the
/// identity's authentication type (else the scheme name), as another scheme's handler would.
/// </summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string UserHeader = "X-Test-User";
    public const string NameHeader = "X-Test-Name";
    public const string NoIdHeader = "X-Test-No-Id";
    public const string AuthTypeHeader = "X-Test-Auth-Type";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthentication>(SchemeName, null);
        services.AddAuthorization();
    }

    public static string DisplayName(string userId) => char.ToUpperInvariant(userId[0]) + userId[1..];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers[UserHeader].ToString();
        if (string.IsNullOrEmpty(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var name = Request.Headers[NameHeader].ToString();
        var claims = new List<Claim> { new(ClaimTypes.Name, string.IsNullOrEmpty(name) ? DisplayName(user) : name) };
        if (Request.Headers[NoIdHeader].Count == 0)
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, user));
        }

        var authenticationType = Request.Headers[AuthTypeHeader].ToString();
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, string.IsNullOrEmpty(authenticationType) ? SchemeName : authenticationType));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
