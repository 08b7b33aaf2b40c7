using Microsoft.Extensions.Options;

namespace SecureApi.Portal.Security;

/// <summary>How people sign in to the portal: the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Local</c> (default: one Admin, one-time sign-in links, loopback only) or <c>Team</c> (OpenID Connect).</summary>
    public AuthMode Mode { get; set; } = AuthMode.Local;

    /// <summary>Local mode: the bearer token scripts send on <c>/api</c>. Unset: a random one per start, known to nobody.</summary>
    public string? LocalToken { get; set; }

    /// <summary>Team mode: the claim that carries the person's groups.</summary>
    public string RoleClaim { get; set; } = "cognito:groups";

    /// <summary>Team mode: which group names make a Viewer, an Operator, an Admin.</summary>
    public RoleGroups Roles { get; set; } = new();

    public OidcSettings Oidc { get; set; } = new();

    /// <summary>Sign-in attempts allowed per minute from one remote address; more get 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 5;
}

public enum AuthMode
{
    Local,
    Team,
}

/// <summary>Group names (values of <see cref="AuthOptions.RoleClaim"/>) per portal role; comma-separated lists allowed.</summary>
public sealed class RoleGroups
{
    public string Admin { get; set; } = "secureapi-admins";
    public string Operator { get; set; } = "secureapi-operators";
    public string Viewer { get; set; } = "secureapi-viewers";
}

/// <summary>Team mode: the OpenID Connect provider (a Cognito user pool works: its issuer URL is the authority).</summary>
public sealed class OidcSettings
{
    /// <summary>Issuer URL, e.g. <c>https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123</c>.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    /// <summary>Optional (a public client uses PKCE alone). Never logged.</summary>
    public string? ClientSecret { get; set; }
    /// <summary>Accepted audience of bearer tokens on <c>/api</c>; defaults to <see cref="ClientId"/>.</summary>
    public string? Audience { get; set; }
    /// <summary>Only for a test issuer on loopback http; keep true otherwise.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    public string Scopes { get; set; } = "openid email profile";
    /// <summary>
    /// Optional: the provider's own logout URL for providers whose discovery document names no
    /// <c>end_session_endpoint</c> — a Cognito user pool's domain, <c>https://&lt;domain&gt;/logout</c>. Sign-out goes there
    /// with <c>client_id</c> and <c>logout_uri</c> added. Unset: the discovery document's end_session_endpoint, if any.
    /// </summary>
    public string? LogoutUrl { get; set; }
}

/// <summary>Fails the start with the name of the setting that is wrong.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MinimumLocalTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add("Auth:Mode must be Local or Team.");
        }

        // Empty means unset (e.g. Auth__LocalToken= in a shell): a random token per start, as LocalApiToken treats it.
        if (options.LocalToken?.Trim() is { Length: > 0 } token && token.Length < MinimumLocalTokenLength)
        {
            problems.Add($"Auth:LocalToken must be at least {MinimumLocalTokenLength} characters (use a random value, e.g. 32 random bytes in base64url).");
        }

        if (options.SignInAttemptsPerMinute < 1)
        {
            problems.Add("Auth:SignInAttemptsPerMinute must be at least 1.");
        }

        if (options.Mode == AuthMode.Team)
        {
            if (string.IsNullOrWhiteSpace(options.Oidc.Authority))
            {
                problems.Add("Auth:Oidc:Authority is required in Team mode: the OpenID Connect issuer URL (for a Cognito user pool: https://cognito-idp.<region>.amazonaws.com/<poolId>).");
            }
            else if (!Uri.TryCreate(options.Oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            {
                problems.Add("Auth:Oidc:Authority must be an absolute https URL.");
            }
            else if (authority.Scheme == "http" && options.Oidc.RequireHttpsMetadata)
            {
                problems.Add("Auth:Oidc:Authority must use https (Auth:Oidc:RequireHttpsMetadata=false is for a local test issuer only).");
            }

            if (!string.IsNullOrWhiteSpace(options.Oidc.LogoutUrl)
                && (!Uri.TryCreate(options.Oidc.LogoutUrl, UriKind.Absolute, out var logout) || logout.Scheme is not ("https" or "http")
                    || (logout.Scheme == "http" && options.Oidc.RequireHttpsMetadata)))
            {
                problems.Add("Auth:Oidc:LogoutUrl must be an absolute https URL: the Cognito domain's logout endpoint, e.g. https://<domain>.auth.<region>.amazoncognito.com/logout.");
            }

            if (string.IsNullOrWhiteSpace(options.Oidc.ClientId))
            {
                problems.Add("Auth:Oidc:ClientId is required in Team mode: the app client id registered for the portal.");
            }

            if (string.IsNullOrWhiteSpace(options.RoleClaim))
            {
                problems.Add("Auth:RoleClaim must name the claim that carries groups (default cognito:groups).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
