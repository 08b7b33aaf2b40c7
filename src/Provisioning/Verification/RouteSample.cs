using System.Text.RegularExpressions;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Verification;

/// <summary>
/// The request that reaches a route: <c>ANY</c> is called with GET, <c>$default</c> at <c>/</c>, path parameters get
/// sample values (<c>{userId}</c> → <c>101</c>, other <c>{x}</c> → <c>sample</c>, greedy <c>{proxy+}</c> →
/// <c>sample/path</c>) so the call reaches the route rather than a 404.
/// </summary>
public sealed partial record RouteSample(string RouteKey, string Method, string Path)
{
    /// <summary>The sample request of <paramref name="routeKey"/>, or null when it is not a valid route key.</summary>
    public static RouteSample? For(string routeKey)
    {
        var key = Specs.RouteKey.TryParse(routeKey, out _);
        if (key is null)
        {
            return null;
        }

        if (key.IsDefault)
        {
            return new RouteSample(key.ToString(), "GET", "/");
        }

        var method = key.Method == "ANY" ? "GET" : key.Method;
        var path = Parameter().Replace(key.Path, m => m.Groups["greedy"].Success ? "sample/path"
            : string.Equals(m.Groups["name"].Value, "userId", StringComparison.OrdinalIgnoreCase) ? "101"
            : "sample");
        return new RouteSample(key.ToString(), method, path);
    }

    /// <summary>The full URL under <paramref name="invokeUrl"/> (the deployment's own, as AWS returned it).</summary>
    public Uri UrlUnder(Uri invokeUrl) => new(invokeUrl.AbsoluteUri.TrimEnd('/') + Path);

    [GeneratedRegex(@"\{(?<name>[^}+]+)(?<greedy>\+)?\}")]
    private static partial Regex Parameter();
}
