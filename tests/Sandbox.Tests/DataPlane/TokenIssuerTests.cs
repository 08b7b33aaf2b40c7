using Microsoft.IdentityModel.JsonWebTokens;
using SecureApi.Sandbox.DataPlane.Tokens;
using SecureApi.Sandbox.State;

namespace SecureApi.Sandbox.Tests.DataPlane;

public sealed class TokenIssuerTests
{
    private const string PoolId = "eu-central-1_Tok3nTest";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly SandboxState _state = new();
    private readonly IssuedTokens _tokens;

    public TokenIssuerTests()
    {
        _state.Pools[PoolId] = new PoolState { Id = PoolId, Name = "p", Region = "eu-central-1", Arn = "arn:aws:cognito-idp:eu-central-1:000000000000:userpool/" + PoolId };
        var issuer = new TokenIssuer(new SigningKeyStore(_state), new FixedTimeProvider(Now));
        _tokens = issuer.Issue(new TokenSubject(
            PoolId, "eu-central-1", "client-1", "bob", "3f1c7c4e-0000-4000-8000-000000000001",
            new Dictionary<string, string> { ["email"] = "bob@example.com", ["email_verified"] = "true", ["phone_number"] = "+15555550123", ["sub"] = "ignored" },
            TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), Now.AddMinutes(-1)));
    }

    [Fact]
    public void AccessToken_HasCognitoAccessClaims_AndNoAudience()
    {
        var token = new JsonWebToken(_tokens.AccessToken);

        Assert.Equal("https://cognito-idp.eu-central-1.amazonaws.com/" + PoolId, token.Issuer);
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Empty(token.Audiences);
        Assert.Equal("client-1", token.GetPayloadValue<string>("client_id"));
        Assert.Equal("access", token.GetPayloadValue<string>("token_use"));
        Assert.Equal("aws.cognito.signin.user.admin", token.GetPayloadValue<string>("scope"));
        Assert.Equal("bob", token.GetPayloadValue<string>("username"));
        Assert.Equal("3f1c7c4e-0000-4000-8000-000000000001", token.Subject);
        Assert.Equal(Now.AddMinutes(-1).ToUnixTimeSeconds(), token.GetPayloadValue<long>("auth_time"));
        Assert.Equal(Now.UtcDateTime, token.IssuedAt);
        Assert.Equal(Now.AddMinutes(5).UtcDateTime, token.ValidTo);
        Assert.False(token.TryGetPayloadValue<long>("nbf", out _));
        Assert.False(string.IsNullOrEmpty(token.Id));
        Assert.Equal(300, _tokens.ExpiresIn);
    }

    [Fact]
    public void IdToken_HasAudienceUsernameAndUserAttributes()
    {
        var token = new JsonWebToken(_tokens.IdToken);
        var access = new JsonWebToken(_tokens.AccessToken);

        Assert.Equal(["client-1"], token.Audiences);
        Assert.Equal("id", token.GetPayloadValue<string>("token_use"));
        Assert.Equal("bob", token.GetPayloadValue<string>("cognito:username"));
        Assert.Equal("bob@example.com", token.GetPayloadValue<string>("email"));
        Assert.True(token.GetPayloadValue<bool>("email_verified"));
        Assert.Equal("+15555550123", token.GetPayloadValue<string>("phone_number"));
        Assert.Equal("3f1c7c4e-0000-4000-8000-000000000001", token.Subject);
        Assert.Equal(Now.AddHours(2).UtcDateTime, token.ValidTo);
        Assert.Equal(access.GetPayloadValue<string>("origin_jti"), token.GetPayloadValue<string>("origin_jti"));
        Assert.NotEqual(access.Id, token.Id);
    }

    [Fact]
    public void SigningKey_IsStoredInPoolState_AndReusedAcrossIssuers()
    {
        var jwk = _state.Pools[PoolId].SigningKeyJwk;
        var again = new SigningKeyStore(_state).GetSigningKey(PoolId)!;

        Assert.NotNull(jwk);
        Assert.Contains("\"d\"", jwk);
        Assert.Equal(new JsonWebToken(_tokens.AccessToken).Kid, again.KeyId);
    }

    [Theory]
    [InlineData(0, "minutes", 3600)]
    [InlineData(30, "minutes", 1800)]
    [InlineData(2, "hours", 7200)]
    [InlineData(1, "days", 86400)]
    [InlineData(900, "seconds", 900)]
    public void TokenValidity_ConvertsClientUnits(int value, string unit, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), TokenValidity.ToTimeSpan(value, unit));
    }
}
