using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane.Tokens;

/// <summary>
/// One RSA 2048 signing key per user pool, made on first need and kept as a private JWK in
/// <see cref="PoolState.SigningKeyJwk"/>: the key lives exactly as long as the Sandbox's state does.
/// </summary>
public sealed class SigningKeyStore(SandboxState state)
{
    private const int KeySizeBits = 2048;

    // Parsing the JWK into an RSA object on every token would be wasted work; the JWK string tells us when it changed.
    private readonly ConcurrentDictionary<string, (string Jwk, RsaSecurityKey Key)> _parsed = new(StringComparer.Ordinal);

    /// <summary>The pool's signing key (with its <c>kid</c>), or null when the pool does not exist.</summary>
    public RsaSecurityKey? GetSigningKey(string poolId)
    {
        var jwk = GetOrCreateJwk(poolId);
        if (jwk is null)
        {
            return null;
        }

        if (_parsed.TryGetValue(poolId, out var cached) && string.Equals(cached.Jwk, jwk, StringComparison.Ordinal))
        {
            return cached.Key;
        }

        var key = Parse(jwk);
        _parsed[poolId] = (jwk, key);
        return key;
    }

    /// <summary>The pool's public JWKS document, shaped like Cognito's, or null when the pool does not exist.</summary>
    public JsonObject? GetPublicJwks(string poolId)
    {
        var key = GetSigningKey(poolId);
        if (key is null)
        {
            return null;
        }

        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        var publicKey = new JsonObject
        {
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["kid"] = key.KeyId,
            ["kty"] = "RSA",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["use"] = "sig",
        };
        return new JsonObject { ["keys"] = new JsonArray(publicKey) };
    }

    private string? GetOrCreateJwk(string poolId)
    {
        lock (state.Gate)
        {
            if (!state.Pools.TryGetValue(poolId, out var pool))
            {
                return null;
            }

            if (pool.SigningKeyJwk is not null)
            {
                return pool.SigningKeyJwk;
            }
        }

        // Key generation takes tens of milliseconds: do it outside the lock, then keep whichever key was stored first.
        var created = CreatePrivateJwk();
        lock (state.Gate)
        {
            if (!state.Pools.TryGetValue(poolId, out var pool))
            {
                return null;
            }

            pool.SigningKeyJwk ??= created;
            return pool.SigningKeyJwk;
        }
    }

    private static string CreatePrivateJwk()
    {
        using var rsa = RSA.Create(KeySizeBits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            // Cognito's kids are base64 digests; a digest of the modulus is stable for the key and unique enough.
            ["kid"] = Convert.ToBase64String(SHA256.HashData(p.Modulus!)),
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.RsaSha256,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["d"] = Base64UrlEncoder.Encode(p.D),
            ["p"] = Base64UrlEncoder.Encode(p.P),
            ["q"] = Base64UrlEncoder.Encode(p.Q),
            ["dp"] = Base64UrlEncoder.Encode(p.DP),
            ["dq"] = Base64UrlEncoder.Encode(p.DQ),
            ["qi"] = Base64UrlEncoder.Encode(p.InverseQ),
        };
        return jwk.ToJsonString();
    }

    private static RsaSecurityKey Parse(string jwk)
    {
        using var document = JsonDocument.Parse(jwk);
        var root = document.RootElement;
        byte[] Bytes(string name) => Base64UrlEncoder.DecodeBytes(root.GetProperty(name).GetString());

        var parameters = new RSAParameters
        {
            Modulus = Bytes("n"),
            Exponent = Bytes("e"),
            D = Bytes("d"),
            P = Bytes("p"),
            Q = Bytes("q"),
            DP = Bytes("dp"),
            DQ = Bytes("dq"),
            InverseQ = Bytes("qi"),
        };
        var rsa = RSA.Create();
        rsa.ImportParameters(parameters);
        return new RsaSecurityKey(rsa) { KeyId = root.GetProperty("kid").GetString() };
    }
}
