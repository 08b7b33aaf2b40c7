using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using SecureApi.Sandbox.DataPlane.Tokens;

namespace SecureApi.Sandbox.Tests.DataPlane;

[Collection(DataPlaneCollection.Name)]
public sealed class CognitoAuthFlowsTests(DataPlaneFixture fixture)
{
    [Fact]
    public void UserPasswordAuth_WithRightPassword_ReturnsBearerTokensWithClientValidity()
    {
        var result = fixture.SignIn();

        Assert.Equal("Bearer", result["TokenType"]!.GetValue<string>());
        Assert.Equal(3600, result["ExpiresIn"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(result["RefreshToken"]!.GetValue<string>()));
        Assert.Equal("access", new JsonWebToken(result["AccessToken"]!.GetValue<string>()).GetPayloadValue<string>("token_use"));
        Assert.Equal("id", new JsonWebToken(result["IdToken"]!.GetValue<string>()).GetPayloadValue<string>("token_use"));
    }

    [Fact]
    public void AdminUserPasswordAuth_WithRightPassword_ReturnsTokensAndEmptyChallengeParameters()
    {
        var response = fixture.AuthFlows.AdminInitiateAuth(DataPlaneFixture.Json(new
        {
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            UserPoolId = DataPlaneFixture.PoolId,
            ClientId = DataPlaneFixture.ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = DataPlaneFixture.Username, ["PASSWORD"] = DataPlaneFixture.Password },
        }));

        Assert.NotNull(response["AuthenticationResult"]!["AccessToken"]);
        Assert.Empty(response["ChallengeParameters"]!.AsObject());
    }

    [Fact]
    public void WrongPassword_IsNotAuthorized()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.SignIn(password: "Wrong-Password-1"));

        Assert.Equal("NotAuthorizedException", error.Code);
        Assert.Equal("Incorrect username or password.", error.Message);
    }

    [Fact]
    public void UnknownUser_IsUserNotFound()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.SignIn(username: "nobody"));

        Assert.Equal("UserNotFoundException", error.Code);
    }

    [Fact]
    public void DisabledUser_IsNotAuthorized()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.SignIn(username: "mallory"));

        Assert.Equal("NotAuthorizedException", error.Code);
        Assert.Equal("User is disabled.", error.Message);
    }

    [Fact]
    public void UnknownClient_IsResourceNotFound()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.SignIn(clientId: "no-such-client"));

        Assert.Equal("ResourceNotFoundException", error.Code);
    }

    [Fact]
    public void PasswordFlow_NotInClientsExplicitAuthFlows_IsInvalidParameter()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.SignIn(clientId: DataPlaneFixture.SrpOnlyClientId));

        Assert.Equal("InvalidParameterException", error.Code);
        Assert.Equal("USER_PASSWORD_AUTH flow not enabled for this client", error.Message);
    }

    [Fact]
    public void UserInForceChangePassword_GetsNewPasswordRequiredChallenge_AndNoTokens()
    {
        var response = fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = DataPlaneFixture.ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "newbie", ["PASSWORD"] = "Temp-Pass-1" },
        }));

        Assert.Equal("NEW_PASSWORD_REQUIRED", response["ChallengeName"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(response["Session"]!.GetValue<string>()));
        Assert.Null(response["AuthenticationResult"]);
        var parameters = response["ChallengeParameters"]!;
        Assert.Equal("newbie", parameters["USER_ID_FOR_SRP"]!.GetValue<string>());
        Assert.Equal("newbie@example.com", JsonNode.Parse(parameters["userAttributes"]!.GetValue<string>())!["email"]!.GetValue<string>());
    }

    [Fact]
    public void RefreshTokenAuth_WithIssuedRefreshToken_ReturnsNewTokensWithoutRefreshToken()
    {
        var refreshToken = fixture.SignIn()["RefreshToken"]!.GetValue<string>();

        var response = fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(new
        {
            AuthFlow = "REFRESH_TOKEN_AUTH",
            ClientId = DataPlaneFixture.ClientId,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken },
        }));

        var result = response["AuthenticationResult"]!;
        Assert.Equal(DataPlaneFixture.Username, new JsonWebToken(result["AccessToken"]!.GetValue<string>()).GetPayloadValue<string>("username"));
        Assert.Null(result["RefreshToken"]);
    }

    [Fact]
    public void RefreshTokenAuth_WithTokenOfAnotherClient_IsNotAuthorized()
    {
        var refreshToken = fixture.SignIn()["RefreshToken"]!.GetValue<string>();

        var error = Assert.Throws<SandboxAwsError>(() => fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(new
        {
            AuthFlow = "REFRESH_TOKEN",
            ClientId = DataPlaneFixture.OtherClientId,
            AuthParameters = new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken },
        })));

        Assert.Equal("NotAuthorizedException", error.Code);
    }

    [Fact]
    public void ClientWithSecret_RequiresAndChecksSecretHash()
    {
        object Request(string? secretHash) => new
        {
            AuthFlow = "USER_PASSWORD_AUTH",
            ClientId = DataPlaneFixture.SecretClientId,
            AuthParameters = secretHash is null
                ? new Dictionary<string, string> { ["USERNAME"] = DataPlaneFixture.Username, ["PASSWORD"] = DataPlaneFixture.Password }
                : new Dictionary<string, string> { ["USERNAME"] = DataPlaneFixture.Username, ["PASSWORD"] = DataPlaneFixture.Password, ["SECRET_HASH"] = secretHash },
        };

        var missing = Assert.Throws<SandboxAwsError>(() => fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(Request(null))));
        var wrong = Assert.Throws<SandboxAwsError>(() => fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(Request("d3Jvbmc="))));
        var right = fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(Request(
            SecretHash.Compute(DataPlaneFixture.Username, DataPlaneFixture.SecretClientId, DataPlaneFixture.ClientSecret))));

        Assert.Equal("NotAuthorizedException", missing.Code);
        Assert.Equal("NotAuthorizedException", wrong.Code);
        Assert.DoesNotContain(DataPlaneFixture.ClientSecret, wrong.Message);
        Assert.NotNull(right["AuthenticationResult"]);
    }

    [Fact]
    public void AdminFlowThroughInitiateAuth_IsInvalidParameter()
    {
        var error = Assert.Throws<SandboxAwsError>(() => fixture.AuthFlows.InitiateAuth(DataPlaneFixture.Json(new
        {
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            ClientId = DataPlaneFixture.ClientId,
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = DataPlaneFixture.Username, ["PASSWORD"] = DataPlaneFixture.Password },
        })));

        Assert.Equal("InvalidParameterException", error.Code);
    }
}
