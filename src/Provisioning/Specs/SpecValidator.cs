using System.Text.RegularExpressions;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Specs;

/// <summary>
/// Checks a <see cref="SecureApiSpec"/> against AWS's own rules before anything is sent, so an invalid spec costs
/// zero AWS calls and every problem comes back at once, keyed by the camelCase path of its field.
/// Values are checked as a person typed them, ignoring surrounding whitespace (<see cref="SpecDefaults.Normalize"/>
/// trims). The per-field methods serve the portal's validate-as-you-type: null when fine, else one message.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>Most routes one spec may carry.</summary>
    public const int MaxRoutes = 50;
    /// <summary>Longest API, pool, app client and authorizer name AWS accepts.</summary>
    public const int MaxNameLength = 128;
    /// <summary>Longest Cognito user pool id (<c>DescribeUserPool</c>).</summary>
    public const int MaxPoolIdLength = 55;
    /// <summary>Longest integration URL.</summary>
    public const int MaxUrlLength = 2048;
    /// <summary>Longest identity source expression.</summary>
    public const int MaxIdentitySourceLength = 256;
    /// <summary>Longer than any region code; keeps messages that echo the value short.</summary>
    public const int MaxRegionLength = 32;

    /// <summary>Ways a person can sign in to a new user pool.</summary>
    public static IReadOnlyList<string> SignInOptions { get; } = ["email", "phone", "username"];

    /// <summary>Every problem of <paramref name="spec"/>, keyed by field path (<c>api.name</c>, <c>routes[2]</c>, …). Empty when valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(SecureApiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Add(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
            }
        }

        Add("region", ValidateRegion(spec.Region));
        Add("api.name", ValidateApiName(spec.Api?.Name));
        ValidateRoutes(spec.Routes, Add);
        ValidateUserPool(spec.UserPool, spec.Region, Add);
        if (spec.AppClient?.Name is { } clientName)
        {
            Add("appClient.name", ValidateClientName(clientName));
        }
        if (spec.Authorizer?.Name is { } authorizerName)
        {
            Add("authorizer.name", ValidateAuthorizerName(authorizerName));
        }
        if (spec.Authorizer?.IdentitySource is { } identitySource)
        {
            Add("authorizer.identitySource", ValidateIdentitySource(identitySource));
        }
        Add("integration.method", ValidateIntegrationMethod(spec.Integration?.Method));
        Add("integration.url", ValidateIntegrationUrl(spec.Integration?.Url));
        return errors;
    }

    /// <summary>Throws <see cref="SpecValidationException"/> with every problem when <paramref name="spec"/> is not valid.</summary>
    public static void EnsureValid(SecureApiSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0)
        {
            throw new SpecValidationException(errors);
        }
    }

    /// <summary>A known AWS region code such as <c>us-east-1</c>.</summary>
    public static string? ValidateRegion(string? region)
    {
        var value = region?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return "Choose the AWS region to deploy to, e.g. us-east-1.";
        }
        if (value.Length > MaxRegionLength || !KnownRegions.IsKnown(value))
        {
            var hint = KnownRegions.IsKnown(value.ToLowerInvariant()) ? $" Did you mean {value.ToLowerInvariant()}?" : "";
            return $"\"{Shorten(value)}\" is not a known AWS region; use a region code such as us-east-1 or eu-west-1.{hint}";
        }
        return null;
    }

    /// <summary>API Gateway API name: 1–128 characters.</summary>
    public static string? ValidateApiName(string? name) => ValidateFreeName(name, "API name");

    /// <summary>One route key: <c>METHOD /path</c> (see <see cref="RouteKey"/>) or <c>$default</c>.</summary>
    public static string? ValidateRouteKey(string? routeKey)
    {
        RouteKey.TryParse(routeKey, out var error);
        return error;
    }

    /// <summary>Name of a new Cognito user pool: 1–128 of letters, digits, spaces and <c>_ + = , . @ -</c>.</summary>
    public static string? ValidatePoolName(string? name) => ValidateCognitoName(name, "user pool name");

    /// <summary>Sign-in options of a new pool: at least one of email, phone, username, each once.</summary>
    public static string? ValidateSignInWith(IReadOnlyCollection<string>? signInWith)
    {
        if (signInWith is null || signInWith.Count == 0)
        {
            return "Choose at least one way to sign in: email, phone or username.";
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in signInWith)
        {
            var value = option?.Trim() ?? "";
            if (!SignInOptions.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return $"\"{Shorten(value)}\" is not a sign-in option; use email, phone or username.";
            }
            if (!seen.Add(value))
            {
                return $"\"{value}\" is listed twice; list each sign-in option once.";
            }
        }
        return null;
    }

    /// <summary>
    /// Id of an existing pool (<c>us-east-1_AbC123xyZ</c>, at most 55 characters) in the spec's region: the
    /// authorizer's issuer is computed from the region, so a pool from another region would reject every token.
    /// </summary>
    public static string? ValidateExistingPoolId(string? poolId, string? region)
    {
        var value = poolId?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return "Enter the id of the existing user pool, e.g. us-east-1_AbC123xyZ.";
        }
        if (value.Length > MaxPoolIdLength)
        {
            return $"A user pool id is at most {MaxPoolIdLength} characters, like us-east-1_AbC123xyZ.";
        }
        if (!PoolId().IsMatch(value))
        {
            return $"\"{value}\" is not a user pool id: it looks like us-east-1_AbC123xyZ (the region, an underscore, then letters and digits).";
        }
        var poolRegion = CognitoIssuer.RegionOfPool(value)!;
        if (!KnownRegions.IsKnown(poolRegion))
        {
            return $"The pool id starts with \"{poolRegion}\", which is not a known AWS region; a pool id starts with its region, like us-east-1_AbC123xyZ.";
        }
        var specRegion = region?.Trim();
        if (KnownRegions.IsKnown(specRegion) && poolRegion != specRegion)
        {
            return $"The pool {value} lives in {poolRegion}, but this API is in {specRegion}. Its tokens carry the issuer "
                + $"{CognitoIssuer.For(poolRegion, value)}, while the authorizer's issuer is computed from the API's region "
                + $"({CognitoIssuer.For(specRegion!, value)}), so every token would be rejected with 401. "
                + $"Choose a pool in {specRegion}, or set the region to {poolRegion}.";
        }
        return null;
    }

    /// <summary>Name of the app client: 1–128 of letters, digits, spaces and <c>_ + = , . @ -</c>.</summary>
    public static string? ValidateClientName(string? name) => ValidateCognitoName(name, "app client name");

    /// <summary>Name of the JWT authorizer: 1–128 characters.</summary>
    public static string? ValidateAuthorizerName(string? name) => ValidateFreeName(name, "authorizer name");

    /// <summary>Where the authorizer reads the token: exactly one <c>$request.header.&lt;Name&gt;</c> or <c>$request.querystring.&lt;name&gt;</c>.</summary>
    public static string? ValidateIdentitySource(string? identitySource)
    {
        var value = identitySource?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return $"Enter where the token is read from, e.g. {SpecDefaults.IdentitySource}.";
        }
        if (value.Length > MaxIdentitySourceLength)
        {
            return $"An identity source is at most {MaxIdentitySourceLength} characters.";
        }
        if (value.Contains(','))
        {
            return "A JWT authorizer reads the token from exactly one place; give a single identity source.";
        }
        if (!IdentitySource().IsMatch(value))
        {
            return $"\"{Shorten(value)}\" is not an identity source: use $request.header.<Header-Name> (e.g. {SpecDefaults.IdentitySource}) or $request.querystring.<name>.";
        }
        return null;
    }

    /// <summary>Absolute http(s) URL with a host, at most 2048 characters, without credentials in it.</summary>
    public static string? ValidateIntegrationUrl(string? url)
    {
        var value = url?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return "Enter the URL the API forwards requests to, e.g. https://example.com.";
        }
        if (value.Length > MaxUrlLength)
        {
            return $"The integration URL can be at most {MaxUrlLength} characters.";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || value.Any(char.IsWhiteSpace))
        {
            return "The integration URL must be an absolute http:// or https:// address with a host, e.g. https://example.com/users.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Never echo the value here: it carries a user name and possibly a password.
            return "Remove the user name and password from the integration URL; credentials in a URL end up in logs and in AWS.";
        }
        return null;
    }

    /// <summary>HTTP method the integration calls with: one of the route methods, or <c>ANY</c> to pass the caller's through.</summary>
    public static string? ValidateIntegrationMethod(string? method)
    {
        var value = method?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return "Choose the method the integration is called with, or ANY to pass the caller's method through.";
        }
        if (!RouteKey.Methods.Contains(value.ToUpperInvariant()))
        {
            return $"\"{Shorten(value)}\" is not an HTTP method the integration can use; use one of {string.Join(", ", RouteKey.Methods)}.";
        }
        return null;
    }

    private static void ValidateRoutes(List<string>? routes, Action<string, string?> add)
    {
        if (routes is null || routes.Count == 0)
        {
            add("routes", "Add at least one route, e.g. GET /users/{userId}.");
            return;
        }
        if (routes.Count > MaxRoutes)
        {
            add("routes", $"A deployment can have at most {MaxRoutes} routes; this one has {routes.Count}.");
        }
        var firstByShape = new Dictionary<string, (int Index, string Key)>(StringComparer.Ordinal);
        for (var i = 0; i < routes.Count; i++)
        {
            var key = RouteKey.TryParse(routes[i], out var error);
            if (key is null)
            {
                add($"routes[{i}]", error);
                continue;
            }
            if (firstByShape.TryGetValue(key.Shape, out var first))
            {
                add($"routes[{i}]", first.Key == key.ToString()
                    ? $"{key} is already routes[{first.Index}]; list each route once."
                    : $"{key} matches the same requests as routes[{first.Index}] ({first.Key}); keep one of them.");
                continue;
            }
            firstByShape[key.Shape] = (i, key.ToString());
        }
    }

    private static void ValidateUserPool(UserPoolSpec? pool, string? region, Action<string, string?> add)
    {
        var hasName = !string.IsNullOrWhiteSpace(pool?.Name);
        var hasExisting = !string.IsNullOrWhiteSpace(pool?.ExistingPoolId);
        if (pool is null || (!hasName && !hasExisting))
        {
            add("userPool", "Name a new user pool, or give the id of an existing one.");
            return;
        }
        if (hasName && hasExisting)
        {
            add("userPool", "Choose either a new user pool (name) or an existing one (existingPoolId), not both.");
            return;
        }
        if (hasExisting)
        {
            add("userPool.existingPoolId", ValidateExistingPoolId(pool.ExistingPoolId, region));
            if (pool.SignInWith is { Count: > 0 })
            {
                add("userPool.signInWith", "An existing pool keeps its own sign-in options; leave signInWith out.");
            }
            return;
        }
        add("userPool.name", ValidatePoolName(pool.Name));
        add("userPool.signInWith", ValidateSignInWith(pool.SignInWith));
    }

    private static string? ValidateFreeName(string? name, string what)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return $"Enter the {what}.";
        }
        if (value.Length > MaxNameLength)
        {
            return $"The {what} can be at most {MaxNameLength} characters; this one has {value.Length}.";
        }
        if (value.Any(char.IsControl))
        {
            return $"The {what} cannot contain control characters such as tabs or line breaks.";
        }
        return null;
    }

    private static string? ValidateCognitoName(string? name, string what)
    {
        var error = ValidateFreeName(name, what);
        if (error is null && !CognitoName().IsMatch(name!.Trim()))
        {
            return $"The {what} can only use letters, digits, spaces and _ + = , . @ - (Cognito's rule).";
        }
        return error;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // AWS patterns are Java regexes where \w is ASCII-only; spelled out so .NET does not widen it to Unicode.
    [GeneratedRegex(@"^[A-Za-z0-9_ +=,.@-]+$")]
    private static partial Regex CognitoName();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+_[0-9A-Za-z]+$")]
    private static partial Regex PoolId();

    // Header names are RFC 9110 tokens; query parameter names are kept to unreserved URL characters.
    [GeneratedRegex(@"^\$request\.(header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+|querystring\.[A-Za-z0-9._~-]+)$")]
    private static partial Regex IdentitySource();
}
