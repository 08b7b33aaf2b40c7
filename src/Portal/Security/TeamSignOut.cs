using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SecureApi.Portal.Security;

/// <summary>
/// Team mode sign-out also ends the identity provider's session: otherwise the next "Sign in" would let the browser
/// straight back in without a password, which is not what a person who signed out on a shared computer expects.
/// </summary>
internal static class TeamSignOut
{
    /// <summary>
    /// Sends the browser to the provider's logout when it has one: <c>Auth:Oidc:LogoutUrl</c> (Cognito's form) when
    /// set, else the discovery document's <c>end_session_endpoint</c> (RP-initiated logout with <c>id_token_hint</c>).
    /// False when there is none (or the provider cannot be reached): the caller signs out locally only.
    /// Call before the portal's own cookie goes, so the ID token in it can still be read.
    /// </summary>
    public static async Task<bool> RedirectToProviderAsync(HttpContext context, OidcSettings oidc)
    {
        if (!string.IsNullOrWhiteSpace(oidc.LogoutUrl))
        {
            // Cognito has no end_session_endpoint; its /logout takes these two and nothing else.
            context.Response.Redirect(QueryHelpers.AddQueryString(oidc.LogoutUrl, new Dictionary<string, string?>
            {
                ["client_id"] = oidc.ClientId,
                ["logout_uri"] = SignedOutUrl(context.Request),
            }));
            return true;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(PortalSchemes.Oidc);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
            {
                return false;
            }
        }
        catch (InvalidOperationException e)
        {
            // The provider's discovery document cannot be read: signing out of the portal must still work.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamSignOut))
                .LogWarning("Signed out of the portal only: the identity provider's discovery document could not be read ({Error}).", e.GetType().Name);
            return false;
        }

        await context.SignOutAsync(PortalSchemes.Oidc, new AuthenticationProperties { RedirectUri = SignInEndpoints.SignedOutPath });
        return true;
    }

    /// <summary>Where the provider sends the browser afterwards: register this as the client's sign-out URL.</summary>
    public static string SignedOutUrl(HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, SignInEndpoints.SignInPath, QueryString.Create("signedOut", "true"));
}
