using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>Who a pair of tokens is for, and for how long; gathered from state by the caller.</summary>
public sealed record TokenSubject(
    string PoolId,
    string Region,
    string ClientId,
    string Username,
    string Sub,
    IReadOnlyDictionary<string, string> Attributes,
    TimeSpan AccessTokenLifetime,
    TimeSpan IdTokenLifetime,
    DateTimeOffset AuthTime);

/// <summary>A signed access token and id token; <see cref="ExpiresIn"/> is the access token's lifetime in seconds.</summary>
public sealed record IssuedTokens(string AccessToken, string IdToken, int ExpiresIn);

/// <summary>
/// Signs Cognito-shaped id and access tokens (RS256, with the pool's <c>kid</c>) through
/// <see cref="JsonWebTokenHandler"/>. Claims follow Cognito's: the access token carries <c>client_id</c> and no <c>aud</c>.
/// </summary>
public sealed class TokenIssuer(SigningKeyStore keys, TimeProvider time)
{
    public const string SignInScope = "aws.cognito.signin.user.admin";

    // Cognito tokens carry iat/exp but no nbf; default times would add nbf.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public IssuedTokens Issue(TokenSubject subject)
    {
        var key = keys.GetSigningKey(subject.PoolId)
            ?? throw SandboxAwsError.ResourceNotFound($"User pool {subject.PoolId} does not exist.");
        var credentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        var issuer = CognitoIssuer.For(subject.Region, subject.PoolId);
        var now = time.GetUtcNow();
        var originJti = Guid.NewGuid().ToString();
        var eventId = Guid.NewGuid().ToString();

        var idClaims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject.Sub,
            ["aud"] = subject.ClientId,
            ["token_use"] = "id",
            ["cognito:username"] = subject.Username,
            ["auth_time"] = subject.AuthTime.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["origin_jti"] = originJti,
            ["event_id"] = eventId,
        };
        foreach (var (name, value) in subject.Attributes)
        {
            // Cognito copies the user's attributes into the id token; the *_verified flags are JSON booleans there.
            if (name == "sub")
            {
                continue;
            }

            idClaims[name] = name.EndsWith("_verified", StringComparison.Ordinal) && bool.TryParse(value, out var flag) ? flag : value;
        }

        var accessClaims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject.Sub,
            ["client_id"] = subject.ClientId,
            ["token_use"] = "access",
            ["scope"] = SignInScope,
            ["username"] = subject.Username,
            ["auth_time"] = subject.AuthTime.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["origin_jti"] = originJti,
            ["event_id"] = eventId,
        };

        var idToken = Sign(issuer, idClaims, now, subject.IdTokenLifetime, credentials);
        var accessToken = Sign(issuer, accessClaims, now, subject.AccessTokenLifetime, credentials);
        return new IssuedTokens(accessToken, idToken, (int)subject.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>An opaque refresh token (random, URL-safe); its meaning lives only in the Sandbox's state.</summary>
    public static string NewOpaqueToken(int bytes = 64) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    private static string Sign(string issuer, Dictionary<string, object> claims, DateTimeOffset now, TimeSpan lifetime, SigningCredentials credentials) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = credentials,
        });
}
