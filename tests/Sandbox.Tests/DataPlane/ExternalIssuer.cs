using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Sandbox.Tests.DataPlane;

/// <summary>
/// An OIDC issuer that is not the Sandbox: its own loopback host with a discovery document and a JWKS, and its own RSA
/// key. Also serves <c>/slow</c>, a target that never answers in time.
/// </summary>
internal sealed class ExternalIssuer : IAsyncDisposable
{
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "external-key-1" };
    private LoopbackHost? _host;

    public string Issuer => _host!.BaseUrl.TrimEnd('/');

    public string BaseUrl => _host!.BaseUrl;

    public async Task StartAsync()
    {
        _host = await LoopbackHost.StartAsync(_ => { }, app =>
        {
            app.MapGet("/.well-known/openid-configuration", (HttpRequest request) =>
            {
                var issuer = $"{request.Scheme}://{request.Host}";
                return Results.Text(new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = issuer + "/keys" }.ToJsonString(), "application/json");
            });
            app.MapGet("/keys", () =>
            {
                var p = _key.Rsa.ExportParameters(false);
                var jwk = new JsonObject
                {
                    ["kty"] = "RSA", ["kid"] = _key.KeyId, ["use"] = "sig", ["alg"] = "RS256",
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                };
                return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json");
            });
            app.MapGet("/slow", async (HttpContext context) =>
            {
                await Task.Delay(TimeSpan.FromMinutes(2), context.RequestAborted);
                return Results.Ok();
            });
        });
    }

    public string CreateToken(string audience, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = "external-user", ["scope"] = "read" },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.Add(lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _key.Rsa.Dispose();
    }
}
