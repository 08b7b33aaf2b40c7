using System.Text.RegularExpressions;

namespace SecureApi.Provisioning.Specs;

/// <summary>
/// A parsed API Gateway route key: <c>METHOD /path</c> or <c>$default</c>. The method is normalised to upper case;
/// the path is kept as written because API Gateway matches paths case-sensitively. For <c>$default</c>,
/// <see cref="Method"/> is <c>$default</c> and <see cref="Path"/> is empty.
/// </summary>
public sealed partial record RouteKey(string Method, string Path)
{
    /// <summary>The catch-all route key.</summary>
    public const string DefaultKey = "$default";

    /// <summary>Longest route key accepted; far above any real path, low enough to keep messages readable.</summary>
    public const int MaxLength = 256;

    /// <summary>Methods a route (and an HTTP integration) may name; <c>ANY</c> matches every method.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"];

    /// <summary>True for the <c>$default</c> route.</summary>
    public bool IsDefault => Method == DefaultKey;

    /// <summary>The canonical text: <c>GET /users/{userId}</c> or <c>$default</c>.</summary>
    public override string ToString() => IsDefault ? DefaultKey : $"{Method} {Path}";

    /// <summary>
    /// The key with parameter names erased (<c>GET /users/{}</c>): two routes with the same shape match the same
    /// requests, so they are duplicates even when their parameter names differ.
    /// </summary>
    public string Shape => IsDefault ? DefaultKey : $"{Method} {ParameterName().Replace(Path, m => m.Value.EndsWith("+}", StringComparison.Ordinal) ? "{+}" : "{}")}";

    /// <summary>Parses <paramref name="text"/>; on failure returns null and a message a person can act on.</summary>
    public static RouteKey? TryParse(string? text, out string? error)
    {
        error = Check(text, out var key);
        return key;
    }

    private static string? Check(string? text, out RouteKey? key)
    {
        key = null;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return "Enter a route such as GET /users/{userId}, or $default.";
        }
        if (value.Length > MaxLength)
        {
            return $"A route key can be at most {MaxLength} characters.";
        }
        if (value == DefaultKey)
        {
            key = new RouteKey(DefaultKey, "");
            return null;
        }
        var space = value.IndexOf(' ');
        if (space <= 0 || value.IndexOf(' ', space + 1) >= 0)
        {
            return $"Write a route as METHOD /path with one space, e.g. GET /users/{{userId}}, or $default (got \"{value}\").";
        }
        var method = value[..space].ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            return $"\"{value[..space]}\" is not a route method. Use one of {string.Join(", ", Methods)}.";
        }
        var path = value[(space + 1)..];
        var pathError = CheckPath(path);
        if (pathError is not null)
        {
            return pathError;
        }
        key = new RouteKey(method, path);
        return null;
    }

    private static string? CheckPath(string path)
    {
        if (!path.StartsWith('/'))
        {
            return $"The path must start with /, e.g. /users (got \"{path}\").";
        }
        if (path == "/")
        {
            return null;
        }
        if (path.EndsWith('/'))
        {
            return $"Remove the trailing / from \"{path}\": only the root path \"/\" ends with a slash.";
        }
        var segments = path[1..].Split('/');
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                return $"The path \"{path}\" has an empty segment (//); remove the extra slash.";
            }
            if (!segment.Contains('{') && !segment.Contains('}'))
            {
                if (!LiteralSegment().IsMatch(segment))
                {
                    return $"The path segment \"{segment}\" has characters a URL path cannot carry; use letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @.";
                }
                continue;
            }
            var parameter = ParameterSegment().Match(segment);
            if (!parameter.Success)
            {
                return $"The path segment \"{segment}\" is not a parameter: a parameter is a whole segment {{name}} (or {{name+}} at the end) whose name uses letters, digits, . _ or -.";
            }
            var name = parameter.Groups["name"].Value;
            if (parameter.Groups["greedy"].Success && i != segments.Length - 1)
            {
                return $"The greedy parameter {{{name}+}} must be the last segment of the path.";
            }
            if (!parameters.Add(name))
            {
                return $"The parameter {{{name}}} appears twice in \"{path}\"; give each parameter its own name.";
            }
        }
        return null;
    }

    // RFC 3986 pchar minus percent-escapes and braces: what a route path segment may contain literally.
    [GeneratedRegex(@"^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$")]
    private static partial Regex LiteralSegment();

    [GeneratedRegex(@"^\{(?<name>[A-Za-z0-9._-]+)(?<greedy>\+)?\}$")]
    private static partial Regex ParameterSegment();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex ParameterName();
}
