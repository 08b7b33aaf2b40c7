using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Security;

/// <summary>Local mode's <c>Authorization: Bearer &lt;Auth:LocalToken&gt;</c> for scripts on <c>/api</c>.</summary>
internal sealed class LocalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    LocalApiToken token,
    IAuditLog audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (token.Matches(header["Bearer ".Length..].Trim()))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(LocalSignIn.Principal(Scheme.Name), Scheme.Name));
        }

        await audit.RecordAsync(new AuditRecord(CallerClaims.Anonymous(CallerClaims.RemoteAddressOf(Context)), AuditActions.SignIn,
            AuditOutcome.Failed, Detail: "Bearer token on the API did not match the local token."), Context.RequestAborted);
        // The reason names no part of the token.
        return AuthenticateResult.Fail("The bearer token is not the portal's local token.");
    }
}
