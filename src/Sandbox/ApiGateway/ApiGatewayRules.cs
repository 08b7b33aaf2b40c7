using System.Text.RegularExpressions;

namespace SecureApi.Sandbox.ApiGateway;

/// <summary>API Gateway v2 (HTTP API) input rules, answered with BadRequestException as AWS does.</summary>
internal static partial class ApiGatewayRules
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

    public static readonly string[] AuthorizationTypes = ["NONE", "AWS_IAM", "CUSTOM", "JWT"];

    [GeneratedRegex(@"^\{([A-Za-z0-9_.\-]+)(\+?)\}$")]
    private static partial Regex ParameterSegment();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~:@!$&'()*+,;=%]+$")]
    private static partial Regex LiteralSegment();

    [GeneratedRegex(@"^\$request\.(header|querystring)\.[^\s.][^\s]*$")]
    private static partial Regex IdentitySource();

    [GeneratedRegex(@"^[a-zA-Z0-9\-._~:/?#&=,]{1,128}$")]
    private static partial Regex StageName();

    /// <summary>
    /// <c>$default</c>, or <c>METHOD /path</c>: a known method, one space, a path of non-empty segments where
    /// <c>{name}</c> parameters are whole segments, names are unique, and a greedy <c>{name+}</c> is last.
    /// </summary>
    public static string? RouteKeyProblem(string routeKey)
    {
        if (routeKey == "$default")
        {
            return null;
        }

        var space = routeKey.IndexOf(' ');
        if (space <= 0 || !Methods.Contains(routeKey[..space], StringComparer.Ordinal))
        {
            return "the route key must be '$default' or start with one of " + string.Join(", ", Methods) + " followed by a space";
        }

        var path = routeKey[(space + 1)..];
        if (!path.StartsWith('/'))
        {
            return "the resource path must start with '/'";
        }

        if (path == "/")
        {
            return null;
        }

        var segments = path[1..].Split('/');
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return "the resource path contains an empty segment";
            }

            var parameter = ParameterSegment().Match(segment);
            if (parameter.Success)
            {
                if (!names.Add(parameter.Groups[1].Value))
                {
                    return $"the path parameter '{parameter.Groups[1].Value}' appears twice";
                }

                if (parameter.Groups[2].Value == "+" && i != segments.Length - 1)
                {
                    return "a greedy path parameter {name+} must be the last segment";
                }
            }
            else if (!LiteralSegment().IsMatch(segment))
            {
                return $"the path segment '{segment}' is invalid; path parameters must be whole segments like {{name}} or {{name+}}";
            }
        }

        return null;
    }

    public static bool IsIdentitySource(string source) => IdentitySource().IsMatch(source);

    public static bool IsStageName(string name) => name == "$default" || StageName().IsMatch(name) && !name.StartsWith('$');
}
