using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Sandbox.Tests.DataPlane;

[Collection(DataPlaneCollection.Name)]
public sealed class WellKnownEndpointsTests(DataPlaneFixture fixture)
{
    private const string Issuer = $"https://cognito-idp.{DataPlaneFixture.Region}.amazonaws.com/{DataPlaneFixture.PoolId}";

    [Fact]
    public async Task OpenIdConfiguration_NamesTheCognitoIssuer_AndPointsJwksAtTheSandbox()
    {
        var document = JsonNode.Parse(await fixture.Http.GetStringAsync($"{fixture.SandboxUrl}{DataPlaneFixture.PoolId}/.well-known/openid-configuration"))!;

        Assert.Equal(Issuer, document["issuer"]!.GetValue<string>());
        Assert.Equal($"{fixture.SandboxUrl}{DataPlaneFixture.PoolId}/.well-known/jwks.json", document["jwks_uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServedJwks_ValidatesTheSandboxsAccessToken_WithCognitosClaims()
    {
        var discovery = JsonNode.Parse(await fixture.Http.GetStringAsync($"{fixture.SandboxUrl}{DataPlaneFixture.PoolId}/.well-known/openid-configuration"))!;
        var jwksJson = await fixture.Http.GetStringAsync(discovery["jwks_uri"]!.GetValue<string>());
        var jwks = new JsonWebKeySet(jwksJson);
        var key = Assert.Single(jwks.Keys);
        Assert.False(key.HasPrivateKey);
        Assert.DoesNotContain("\"d\"", jwksJson);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(fixture.AccessToken(), new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = discovery["issuer"]!.GetValue<string>(),
            ValidateAudience = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(key.Kid, token.Kid);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(DataPlaneFixture.ClientId, token.GetPayloadValue<string>("client_id"));
    }

    [Fact]
    public async Task UnknownPool_JwksAnswers404()
    {
        using var response = await fixture.Http.GetAsync($"{fixture.SandboxUrl}us-east-1_Missing00/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
