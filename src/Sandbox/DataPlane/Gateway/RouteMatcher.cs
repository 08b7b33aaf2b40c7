using System.Collections.Concurrent;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>The route a request selected, with its path parameters (decoded values, keyed by name without <c>+</c>).</summary>
public sealed record RouteMatch(string RouteKey, IReadOnlyDictionary<string, string> PathParameters)
{
    public bool IsDefault => RouteKey == RouteMatcher.DefaultRouteKey;
}

/// <summary>
/// API Gateway's route selection for HTTP APIs: among routes whose path matches, the most specific path wins
/// (segment by segment: literal, then <c>{param}</c>, then greedy <c>{param+}</c>); for equally specific paths a
/// method route beats <c>ANY</c>; <c>$default</c> only when nothing else matches.
/// </summary>
public static class RouteMatcher
{
    public const string DefaultRouteKey = "$default";

    private static readonly ConcurrentDictionary<string, RouteTemplate?> Templates = new(StringComparer.Ordinal);

    public static RouteMatch? Match(IEnumerable<string> routeKeys, string method, string path)
    {
        var segments = Split(path);
        RouteTemplate? best = null;
        Dictionary<string, string>? bestParameters = null;
        var hasDefault = false;

        foreach (var routeKey in routeKeys)
        {
            if (routeKey == DefaultRouteKey)
            {
                hasDefault = true;
                continue;
            }

            var template = Templates.GetOrAdd(routeKey, RouteTemplate.Parse);
            if (template is null || (template.Method != "ANY" && !string.Equals(template.Method, method, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var parameters = template.TryMatch(segments);
            if (parameters is not null && (best is null || template.CompareSpecificity(best) < 0))
            {
                best = template;
                bestParameters = parameters;
            }
        }

        if (best is not null)
        {
            return new RouteMatch(best.RouteKey, bestParameters!);
        }

        return hasDefault ? new RouteMatch(DefaultRouteKey, new Dictionary<string, string>()) : null;
    }

    internal static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private enum SegmentKind
    {
        Literal = 0,
        Parameter = 1,
        Greedy = 2,
    }

    private sealed record Segment(SegmentKind Kind, string Text);

    private sealed class RouteTemplate(string routeKey, string method, Segment[] segmentList)
    {
        public string RouteKey { get; } = routeKey;
        public string Method { get; } = method;
        private Segment[] Segments { get; } = segmentList;

        public static RouteTemplate? Parse(string routeKey)
        {
            var space = routeKey.IndexOf(' ');
            if (space <= 0)
            {
                return null;
            }

            var method = routeKey[..space].ToUpperInvariant();
            var segments = Split(routeKey[(space + 1)..]).Select(text =>
                text.StartsWith('{') && text.EndsWith("+}", StringComparison.Ordinal) ? new Segment(SegmentKind.Greedy, text[1..^2])
                : text.StartsWith('{') && text.EndsWith('}') ? new Segment(SegmentKind.Parameter, text[1..^1])
                : new Segment(SegmentKind.Literal, text)).ToArray();
            return new RouteTemplate(routeKey, method, segments);
        }

        public Dictionary<string, string>? TryMatch(string[] path)
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var segments = Segments;
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                if (segment.Kind == SegmentKind.Greedy)
                {
                    // A greedy parameter is always last and takes one or more segments.
                    if (i >= path.Length)
                    {
                        return null;
                    }

                    parameters[segment.Text] = string.Join('/', path[i..]);
                    return parameters;
                }

                if (i >= path.Length)
                {
                    return null;
                }

                if (segment.Kind == SegmentKind.Parameter)
                {
                    parameters[segment.Text] = path[i];
                }
                else if (!string.Equals(segment.Text, path[i], StringComparison.Ordinal))
                {
                    return null;
                }
            }

            return segments.Length == path.Length ? parameters : null;
        }

        /// <summary>Negative when this template is more specific than <paramref name="other"/>.</summary>
        public int CompareSpecificity(RouteTemplate other)
        {
            for (var i = 0; i < Math.Min(Segments.Length, other.Segments.Length); i++)
            {
                var byKind = Segments[i].Kind.CompareTo(other.Segments[i].Kind);
                if (byKind != 0)
                {
                    return byKind;
                }
            }

            // Same shape as far as both go: the longer explicit path is the more specific one.
            var byLength = other.Segments.Length.CompareTo(Segments.Length);
            if (byLength != 0)
            {
                return byLength;
            }

            return (Method == "ANY").CompareTo(other.Method == "ANY");
        }
    }
}
