using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Sandbox.DataPlane.Gateway;

/// <summary>An authorizer's configuration as the gateway needs it (copied out of state).</summary>
public sealed record JwtAuthorizerConfig(IReadOnlyList<string> IdentitySource, string? Issuer, IReadOnlyList<string> Audience);

/// <summary>What the authorizer decided. <see cref="Challenge"/> is the <c>www-authenticate</c> value for a denial.</summary>
public sealed record AuthorizationOutcome(int StatusCode, string? Challenge)
{
    public bool Allowed => StatusCode == StatusCodes.Status200OK;

    public static AuthorizationOutcome Allow { get; } = new(StatusCodes.Status200OK, null);

    public static AuthorizationOutcome MissingToken { get; } = new(StatusCodes.Status401Unauthorized, "Bearer");

    public static AuthorizationOutcome InvalidToken(string description) =>
        new(StatusCodes.Status401Unauthorized, $"Bearer scope=\"\" error=\"invalid_token\" error_description=\"{description}\"");

    public static AuthorizationOutcome InsufficientScope(IReadOnlyList<string> scopes) =>
        new(StatusCodes.Status403Forbidden, $"Bearer scope=\"{string.Join(' ', scopes)}\" error=\"insufficient_scope\" error_description=\"expected scopes: [{string.Join(' ', scopes)}]\"");
}

/// <summary>
/// API Gateway's JWT authorizer, checks in AWS's order: the token from the identity source (bare or <c>Bearer</c>);
/// decode; signature against the issuer's JWKS (RSA only, the <c>kid</c> must match); <c>iss</c>; <c>aud</c> — or,
/// only when there is no <c>aud</c>, <c>client_id</c> — in the audience; <c>exp</c>/<c>nbf</c>; then any of the
/// route's scopes in <c>scope</c>/<c>scp</c>.
/// </summary>
public sealed class JwtAuthorizer(IssuerKeyResolver keyResolver)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] RsaAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    public async Task<AuthorizationOutcome> AuthorizeAsync(HttpRequest request, JwtAuthorizerConfig config, IReadOnlyList<string> requiredScopes, CancellationToken cancellationToken)
    {
        var token = ReadToken(request, config.IdentitySource);
        if (string.IsNullOrEmpty(token))
        {
            return AuthorizationOutcome.MissingToken;
        }

        if (!Handler.CanReadToken(token))
        {
            return AuthorizationOutcome.InvalidToken("token contains an invalid number of segments");
        }

        JsonWebToken decoded;
        try
        {
            decoded = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthorizationOutcome.InvalidToken("the token is malformed");
        }

        if (!RsaAlgorithms.Contains(decoded.Alg, StringComparer.Ordinal))
        {
            return AuthorizationOutcome.InvalidToken($"signing method {decoded.Alg} is invalid");
        }

        if (string.IsNullOrEmpty(config.Issuer))
        {
            return AuthorizationOutcome.InvalidToken("the authorizer has no issuer");
        }

        var keys = await keyResolver.GetKeysAsync(config.Issuer, cancellationToken);
        if (keys is null || keys.Count == 0)
        {
            return AuthorizationOutcome.InvalidToken("unable to fetch the signing keys of the issuer");
        }

        var result = await Handler.ValidateTokenAsync(decoded, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = false,
            RequireSignedTokens = true,
            ValidAlgorithms = RsaAlgorithms,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = true,
            ValidIssuer = config.Issuer,
            // Audience is AWS's own rule (aud, else client_id): checked below, not by the handler.
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
        });
        if (!result.IsValid)
        {
            return AuthorizationOutcome.InvalidToken(Describe(result.Exception));
        }

        if (!HasValidAudience(decoded, config.Audience))
        {
            return AuthorizationOutcome.InvalidToken("the token does not have a valid audience");
        }

        if (requiredScopes.Count > 0 && !Scopes(decoded).Any(requiredScopes.Contains))
        {
            return AuthorizationOutcome.InsufficientScope(requiredScopes);
        }

        return AuthorizationOutcome.Allow;
    }

    /// <summary>The token from a single identity source (<c>$request.header.X</c> or <c>$request.querystring.x</c>), no fallback.</summary>
    internal static string? ReadToken(HttpRequest request, IReadOnlyList<string> identitySource)
    {
        var source = identitySource.Count > 0 ? identitySource[0] : "$request.header.Authorization";
        const string HeaderPrefix = "$request.header.";
        const string QueryPrefix = "$request.querystring.";
        string? value = null;
        if (source.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            value = request.Headers[source[HeaderPrefix.Length..]].FirstOrDefault();
        }
        else if (source.StartsWith(QueryPrefix, StringComparison.OrdinalIgnoreCase))
        {
            value = request.Query[source[QueryPrefix.Length..]].FirstOrDefault();
        }

        value = value?.Trim();
        if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value["Bearer ".Length..].Trim();
        }

        return value;
    }

    private static bool HasValidAudience(JsonWebToken token, IReadOnlyList<string> audience)
    {
        var aud = token.Audiences.ToList();
        if (aud.Count > 0)
        {
            return aud.Any(audience.Contains);
        }

        return token.TryGetPayloadValue<string>("client_id", out var clientId) && audience.Contains(clientId);
    }

    // Claims flattens a JSON array into one claim per element, so "scp" as a string or as an array reads the same.
    private static IEnumerable<string> Scopes(JsonWebToken token) =>
        token.Claims
            .Where(c => c.Type is "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException => "the token's kid does not match any key of the issuer",
        SecurityTokenInvalidSignatureException => "the token's signature is invalid",
        SecurityTokenInvalidAlgorithmException => "the token's signing method is invalid",
        SecurityTokenInvalidIssuerException => "the token does not have a valid issuer",
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiration",
        SecurityTokenMalformedException => "the token is malformed",
        _ => "the token is invalid",
    };
}
