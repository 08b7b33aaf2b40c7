using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SecureApi.Portal.Security;

/// <summary>
/// Headers on every response, errors and redirects included. The CSP allows only the portal's own files: no inline
/// script or style (the pages use neither), the Blazor circuit's WebSocket to this host, forms posted to this host
/// (and, in team mode, on to the identity provider's logout), and no framing.
/// </summary>
internal static partial class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    });

    internal static string ContentSecurityPolicy(HttpRequest request)
    {
        // 'self' does not cover ws:/wss: in every browser, so the circuit's socket to this very host is named.
        var host = request.Host.Value;
        var sockets = host is not null && SafeHost().IsMatch(host) ? $" ws://{host} wss://{host}" : "";
        var providers = request.HttpContext.RequestServices.GetService<IOptions<AuthOptions>>()?.Value is { Mode: AuthMode.Team } auth
            ? SignOutTargets(auth.Oidc)
            : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'{sockets}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'{providers}; object-src 'none'";
    }

    // Team mode: the sign-out form's POST is redirected on to the provider's logout, and browsers hold that redirect
    // to the form's form-action too. Its origin is the Cognito domain (Auth:Oidc:LogoutUrl) or, for providers with an
    // end_session_endpoint, the issuer's own.
    private static string SignOutTargets(OidcSettings oidc) => string.Concat(new[] { oidc.LogoutUrl, oidc.Authority }
        .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.GetLeftPart(UriPartial.Authority) : null)
        .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Select(origin => " " + origin));

    // A Host header is the client's to choose; only a plain host[:port] may go into the policy.
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")]
    private static partial Regex SafeHost();
}
