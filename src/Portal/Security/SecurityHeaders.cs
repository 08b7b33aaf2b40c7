using System.Text.RegularExpressions;

namespace SecureApi.Portal.Security;

/// <summary>
/// Headers on every response, errors and redirects included. The CSP allows only the portal's own files: no inline
/// script or style (the pages use neither), the Blazor circuit's WebSocket to this host, and no framing.
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
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self'{sockets}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    }

    // A Host header is the client's to choose; only a plain host[:port] may go into the policy.
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")]
    private static partial Regex SafeHost();
}
