using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecureApi.Sandbox.DataPlane.Tokens;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.DataPlane;

/// <summary>
/// A pool's public, unsigned documents, like Cognito's: <c>/{poolId}/.well-known/jwks.json</c> and
/// <c>/{poolId}/.well-known/openid-configuration</c>. The discovery document names the real Cognito issuer but points
/// <c>jwks_uri</c> at the Sandbox, so any OIDC library can verify the Sandbox's tokens.
/// </summary>
public sealed class WellKnownEndpoints(SandboxState state, SigningKeyStore keys)
{
    public IResult Jwks(string poolId) =>
        keys.GetPublicJwks(poolId) is { } jwks ? Json(jwks) : PoolNotFound(poolId);

    public IResult OpenIdConfiguration(HttpRequest request, string poolId)
    {
        string region;
        lock (state.Gate)
        {
            if (!state.Pools.TryGetValue(poolId, out var pool))
            {
                return PoolNotFound(poolId);
            }

            region = pool.Region;
        }

        var sandbox = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var document = new JsonObject
        {
            ["issuer"] = CognitoIssuer.For(region, poolId),
            ["jwks_uri"] = $"{sandbox}/{poolId}/.well-known/jwks.json",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code", "token"),
            ["scopes_supported"] = new JsonArray("openid", "email", "phone", "profile"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
        };
        return Json(document);
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    private static IResult PoolNotFound(string poolId) =>
        Results.Text(new JsonObject { ["message"] = $"User pool {poolId} does not exist." }.ToJsonString(), "application/json", statusCode: StatusCodes.Status404NotFound);
}
