using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Verification;

/// <summary>Ready <c>curl</c> commands per route, quoted for a POSIX shell, so a person sees the 401 and the 200 themselves.</summary>
public static class CurlCommands
{
    internal static TryItCommands For(Deployment deployment, Uri invokeUrl, string? accessToken, DateTimeOffset? expiresAt)
    {
        var routes = deployment.RouteKeys.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(RouteSample.For).OfType<RouteSample>()
            .Select(r => new RouteCurl(r.RouteKey, Command(r, invokeUrl, null), accessToken is null ? null : Command(r, invokeUrl, accessToken)))
            .ToList();
        return new TryItCommands(accessToken is null ? null : expiresAt, routes);
    }

    /// <summary>One command; the URL is the recorded invoke URL plus the route's sample path.</summary>
    public static string Command(RouteSample route, Uri invokeUrl, string? token)
    {
        var command = $"curl -i -X {route.Method} {Quote(route.UrlUnder(invokeUrl).AbsoluteUri)}";
        return token is null ? command : $"{command} -H {Quote("Authorization: Bearer " + token)}";
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
