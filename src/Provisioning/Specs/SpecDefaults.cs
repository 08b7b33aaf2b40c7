using System.Text.RegularExpressions;

namespace SecureApi.Provisioning.Specs;

/// <summary>
/// Fills what a person may leave out and puts what they typed in canonical form, so the engine, the records and the
/// audit trail all see one spelling. Call after <see cref="SpecValidator.EnsureValid"/>.
/// </summary>
public static partial class SpecDefaults
{
    /// <summary>Authorizer name when none is given.</summary>
    public const string AuthorizerName = "CognitoUserAuth";

    /// <summary>Where the authorizer reads the token when none is given: the <c>Authorization</c> header.</summary>
    public const string IdentitySource = "$request.header.Authorization";

    private const string ClientSuffix = "-client";

    /// <summary>
    /// The app client name derived from the API name (<c>{api}-client</c>): characters Cognito does not allow become
    /// <c>-</c>, and the API part is cut so the result stays within the 128-character limit.
    /// </summary>
    public static string ClientNameFor(string apiName)
    {
        var cleaned = NotCognitoNameCharacter().Replace(apiName.Trim(), "-");
        var room = SpecValidator.MaxNameLength - ClientSuffix.Length;
        return (cleaned.Length > room ? cleaned[..room] : cleaned) + ClientSuffix;
    }

    /// <summary>
    /// A copy of <paramref name="spec"/> with defaults filled (app client name, authorizer name, identity source),
    /// strings trimmed, methods upper-cased, route keys in canonical form and sign-in options lower-cased.
    /// </summary>
    public static SecureApiSpec Normalize(SecureApiSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var apiName = spec.Api?.Name?.Trim() ?? "";
        var existingPoolId = Blank(spec.UserPool?.ExistingPoolId);
        return spec with
        {
            Region = spec.Region?.Trim() ?? "",
            Api = new ApiSpec { Name = apiName },
            Routes = [.. (spec.Routes ?? []).Select(CanonicalRoute)],
            UserPool = existingPoolId is not null
                ? new UserPoolSpec { ExistingPoolId = existingPoolId }
                : new UserPoolSpec
                {
                    Name = Blank(spec.UserPool?.Name),
                    SignInWith = spec.UserPool?.SignInWith?
                        .Select(s => s.Trim().ToLowerInvariant())
                        .Distinct(StringComparer.Ordinal)
                        .ToList(),
                },
            AppClient = new AppClientSpec
            {
                Name = Blank(spec.AppClient?.Name) ?? ClientNameFor(apiName),
                GenerateSecret = spec.AppClient?.GenerateSecret ?? false,
            },
            Authorizer = new AuthorizerSpec
            {
                Name = Blank(spec.Authorizer?.Name) ?? AuthorizerName,
                IdentitySource = Blank(spec.Authorizer?.IdentitySource) ?? IdentitySource,
            },
            Integration = new IntegrationSpec
            {
                Method = Blank(spec.Integration?.Method)?.ToUpperInvariant() ?? "ANY",
                Url = spec.Integration?.Url?.Trim() ?? "",
            },
        };
    }

    /// <summary>The issuer the authorizer must carry for the pool <paramref name="poolId"/> in the spec's region.</summary>
    public static string Issuer(this SecureApiSpec spec, string poolId) => CognitoIssuer.For(spec.Region.Trim(), poolId);

    private static string CanonicalRoute(string route) =>
        RouteKey.TryParse(route, out _)?.ToString() ?? route.Trim();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"[^A-Za-z0-9_ +=,.@-]")]
    private static partial Regex NotCognitoNameCharacter();
}
