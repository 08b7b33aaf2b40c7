using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Security;

/// <summary>
/// Team mode: OpenID Connect code flow with PKCE for the browser, JWT bearer tokens from the same issuer on /api.
/// Claims keep their token names (<c>sub</c>, <c>cognito:groups</c>). Of the tokens only the ID token is kept in the
/// (encrypted) cookie: sign-out hands it to the provider as <c>id_token_hint</c>.
/// </summary>
internal static class TeamSignIn
{
    public const string CallbackPath = "/signin-oidc";

    public static void ConfigureJwt(JwtBearerOptions jwt, IOptions<AuthOptions> options)
    {
        var oidc = options.Value.Oidc;
        jwt.Authority = oidc.Authority;
        jwt.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            NameClaimType = "name",
            AudienceValidator = (audiences, token, _) => AudienceMatches(audiences, token, oidc.Audience ?? oidc.ClientId),
        };
        jwt.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = async context =>
            {
                var audit = context.HttpContext.RequestServices.GetRequiredService<IAuditLog>();
                // The exception's type says enough; its message may quote claims of the rejected token.
                await audit.RecordAsync(new AuditRecord(CallerClaims.Anonymous(CallerClaims.RemoteAddressOf(context.HttpContext)), AuditActions.SignIn,
                    AuditOutcome.Failed, Detail: $"Bearer token rejected ({context.Exception.GetType().Name})."), context.HttpContext.RequestAborted);
            },
        };
    }

    public static void ConfigureOidc(OpenIdConnectOptions openId, IOptions<AuthOptions> options)
    {
        var oidc = options.Value.Oidc;
        openId.SignInScheme = PortalSchemes.Cookie;
        openId.Authority = oidc.Authority;
        openId.ClientId = oidc.ClientId;
        openId.ClientSecret = string.IsNullOrWhiteSpace(oidc.ClientSecret) ? null : oidc.ClientSecret;
        openId.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        openId.ResponseType = OpenIdConnectResponseType.Code;
        openId.UsePkce = true;
        openId.SaveTokens = false;
        openId.MapInboundClaims = false;
        openId.GetClaimsFromUserInfoEndpoint = false;
        openId.CallbackPath = CallbackPath;
        openId.TokenValidationParameters.NameClaimType = "name";
        openId.Scope.Clear();
        foreach (var scope in oidc.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            openId.Scope.Add(scope);
        }

        openId.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context =>
            {
                if (context.TokenEndpointResponse?.IdToken is { Length: > 0 } idToken)
                {
                    context.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
                }

                return Task.CompletedTask;
            },
            // Not at TokenValidated: in the code flow the nonce is checked after that event, so a sign-in with a wrong
            // nonce would be audited as a success and then fail. The ticket is only received once every check passed.
            OnTicketReceived = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var principal = context.Principal!;
                var role = services.GetRequiredService<TeamRoles>().RoleOf(principal);
                var who = CallerClaims.Anonymous(CallerClaims.RemoteAddressOf(context.HttpContext)) with
                {
                    Id = principal.FindFirst("sub")?.Value ?? "unknown",
                    Name = CallerClaims.DisplayName(principal) ?? "unknown",
                };
                await services.GetRequiredService<IAuditLog>().RecordAsync(new AuditRecord(who, AuditActions.SignIn, AuditOutcome.Succeeded,
                    Detail: role is null ? "Signed in with OpenID Connect; no SecureApi group, so no access." : $"Signed in with OpenID Connect as {role}."),
                    context.HttpContext.RequestAborted);
            },
            // Straight back to the sign-in page (the one URL to register with the provider, as with Cognito's logout_uri),
            // rather than through the handler's own /signout-callback-oidc.
            OnRedirectToIdentityProviderForSignOut = context =>
            {
                context.ProtocolMessage.PostLogoutRedirectUri = TeamSignOut.SignedOutUrl(context.Request);
                context.ProtocolMessage.ClientId = oidc.ClientId;
                return Task.CompletedTask;
            },
            OnRemoteFailure = async context =>
            {
                await context.HttpContext.RequestServices.GetRequiredService<IAuditLog>().RecordAsync(
                    new AuditRecord(CallerClaims.Anonymous(CallerClaims.RemoteAddressOf(context.HttpContext)), AuditActions.SignIn, AuditOutcome.Failed,
                        Detail: $"OpenID Connect sign-in failed ({context.Failure?.GetType().Name ?? "unknown"})."),
                    context.HttpContext.RequestAborted);
                context.Response.Redirect($"{SignInEndpoints.SignInPath}?failed=true");
                context.HandleResponse();
            },
        };
    }

    /// <summary>
    /// An ID token names the client in <c>aud</c>; a Cognito access token has no <c>aud</c> but a <c>client_id</c>.
    /// </summary>
    internal static bool AudienceMatches(IEnumerable<string> audiences, SecurityToken token, string? expected)
    {
        if (string.IsNullOrWhiteSpace(expected))
        {
            return false;
        }

        var list = audiences.ToList();
        if (list.Count > 0)
        {
            return list.Contains(expected, StringComparer.Ordinal);
        }

        return token is JsonWebToken jwt && jwt.TryGetPayloadValue<string>("client_id", out var clientId) && clientId == expected;
    }
}
