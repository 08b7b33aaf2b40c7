using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Portal.Tests.Security.Support;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 with its own RSA key: discovery document and JWKS, so the portal validates
/// the tokens it mints exactly as it would validate Cognito's (signature, issuer, audience, lifetime).
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string ClientId = "portal-test-client";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly RsaSecurityKey _key;
    private WebApplication? _app;

    public TestIssuer()
    {
        _key = new RsaSecurityKey(_rsa) { KeyId = "test-key-1" };
    }

    /// <summary>The issuer URL (no trailing slash); also the authority the portal is configured with.</summary>
    public string Issuer { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        await _app.StartAsync();
        Issuer = _app.Urls.First().TrimEnd('/');
    }

    /// <summary>A Cognito-shaped ID token: <c>aud</c> = the client, groups in <c>cognito:groups</c>.</summary>
    public string Token(string sub, string name, params string[] groups) => Mint(sub, name, groups, ClientId, _key);

    /// <summary>A Cognito-shaped access token: no <c>aud</c>, the client in <c>client_id</c>.</summary>
    public string AccessToken(string sub, string name, params string[] groups) => Mint(sub, name, groups, audience: null, _key);

    /// <summary>Same claims, signed by a key the issuer never published.</summary>
    public string ForgedToken(string sub, string name, params string[] groups) =>
        Mint(sub, name, groups, ClientId, new RsaSecurityKey(RSA.Create(2048)) { KeyId = _key.KeyId });

    private string Mint(string sub, string name, string[] groups, string? audience, SecurityKey key)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["name"] = name, ["token_use"] = audience is null ? "access" : "id" };
        if (groups.Length > 0)
        {
            claims["cognito:groups"] = groups;
        }

        if (audience is null)
        {
            claims["client_id"] = ClientId;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _rsa.Dispose();
    }
}
