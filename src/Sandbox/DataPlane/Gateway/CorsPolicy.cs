using Microsoft.AspNetCore.Http;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>
/// An API's CORS configuration applied as API Gateway does: preflights are answered by the gateway itself (before
/// routing and without the authorizer), and every other response gets the CORS headers for an allowed origin,
/// replacing whatever the backend sent.
/// </summary>
public sealed record CorsPolicy(
    IReadOnlyList<string> AllowOrigins,
    IReadOnlyList<string> AllowMethods,
    IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> ExposeHeaders,
    bool AllowCredentials,
    int? MaxAge)
{
    public static CorsPolicy From(CorsState cors) => new(
        [.. cors.AllowOrigins], [.. cors.AllowMethods], [.. cors.AllowHeaders], [.. cors.ExposeHeaders], cors.AllowCredentials == true, cors.MaxAge);

    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.Origin.Count > 0
        && request.Headers.AccessControlRequestMethod.Count > 0;

    public bool IsOriginAllowed(string? origin) =>
        !string.IsNullOrEmpty(origin)
        && AllowOrigins.Any(allowed => allowed == "*" || string.Equals(allowed.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    /// <summary>Answers a preflight: 204, with the Allow headers only when origin and method are allowed.</summary>
    public void WritePreflight(HttpResponse response, HttpRequest request)
    {
        response.StatusCode = StatusCodes.Status204NoContent;
        string? origin = request.Headers.Origin;
        string? method = request.Headers.AccessControlRequestMethod;
        var methodAllowed = AllowMethods.Any(m => m == "*" || string.Equals(m, method, StringComparison.OrdinalIgnoreCase));
        if (!IsOriginAllowed(origin) || !methodAllowed)
        {
            return;
        }

        response.Headers.AccessControlAllowOrigin = AllowOriginValue(origin!);
        response.Headers.AccessControlAllowMethods = string.Join(',', AllowMethods);
        if (AllowHeaders.Count > 0)
        {
            response.Headers.AccessControlAllowHeaders = string.Join(',', AllowHeaders);
        }

        if (AllowCredentials)
        {
            response.Headers.AccessControlAllowCredentials = "true";
        }

        if (MaxAge is { } maxAge)
        {
            response.Headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.Headers.Vary = "Origin";
    }

    /// <summary>Sets the CORS headers of a normal response (and drops the backend's own, which API Gateway ignores).</summary>
    public void ApplyToResponse(HttpResponse response, string? origin)
    {
        foreach (var name in response.Headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            response.Headers.Remove(name);
        }

        if (!IsOriginAllowed(origin))
        {
            return;
        }

        response.Headers.AccessControlAllowOrigin = AllowOriginValue(origin!);
        if (ExposeHeaders.Count > 0)
        {
            response.Headers.AccessControlExposeHeaders = string.Join(',', ExposeHeaders);
        }

        if (AllowCredentials)
        {
            response.Headers.AccessControlAllowCredentials = "true";
        }

        response.Headers.Vary = "Origin";
    }

    // A wildcard cannot be combined with credentials, so the origin itself is echoed then.
    private string AllowOriginValue(string origin) => AllowOrigins.Contains("*") && !AllowCredentials ? "*" : origin;
}
