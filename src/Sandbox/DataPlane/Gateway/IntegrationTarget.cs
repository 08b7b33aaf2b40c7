using System.Text;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>
/// Where an HTTP_PROXY integration sends a request. The integration URI's <c>{name}</c> and <c>{name+}</c> are replaced
/// by the route's path parameters (each segment escaped again), and the request's query string is appended. For the
/// <c>$default</c> route, whose request path no template describes, the full request path is appended to the
/// integration URI's path, as API Gateway passes the full path there. Other routes send to the URI as configured.
/// </summary>
public static class IntegrationTarget
{
    public static Uri Build(string integrationUri, RouteMatch match, string requestPath, string queryString)
    {
        var uri = integrationUri;
        foreach (var (name, value) in match.PathParameters)
        {
            var escaped = string.Join('/', value.Split('/').Select(Uri.EscapeDataString));
            uri = uri.Replace("{" + name + "+}", escaped, StringComparison.Ordinal)
                     .Replace("{" + name + "}", escaped, StringComparison.Ordinal);
        }

        // Composed as a string: UriBuilder would escape the already-escaped segments a second time.
        var parsed = new Uri(uri, UriKind.Absolute);
        var path = parsed.AbsolutePath;
        if (match.IsDefault && requestPath.Length > 1)
        {
            path = path.TrimEnd('/') + string.Join('/', requestPath.Split('/').Select(Uri.EscapeDataString));
        }

        var query = new StringBuilder(parsed.Query.TrimStart('?'));
        var incoming = queryString.TrimStart('?');
        if (incoming.Length > 0)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(incoming);
        }

        return new Uri(parsed.GetLeftPart(UriPartial.Authority) + path + (query.Length > 0 ? "?" + query : ""), UriKind.Absolute);
    }
}
