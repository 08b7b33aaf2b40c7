using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Tests.Specs;

public sealed class SpecDefaultsTests
{
    private static SecureApiSpec Spec() => new()
    {
        Region = " us-east-1 ",
        Api = new ApiSpec { Name = " users-api " },
        Routes = [" get /users/{userId} ", "$default"],
        UserPool = new UserPoolSpec { Name = "users", SignInWith = ["Email", "phone"] },
        Integration = new IntegrationSpec { Method = "post", Url = " https://example.com " },
    };

    [Fact]
    public void Normalize_OmittedClientAndAuthorizer_FillsDefaults()
    {
        var normalized = SpecDefaults.Normalize(Spec());

        Assert.Equal("users-api-client", normalized.AppClient!.Name);
        Assert.False(normalized.AppClient.GenerateSecret);
        Assert.Equal("CognitoUserAuth", normalized.Authorizer!.Name);
        Assert.Equal("$request.header.Authorization", normalized.Authorizer.IdentitySource);
    }

    [Fact]
    public void Normalize_TypedValues_AreTrimmedAndCanonical()
    {
        var normalized = SpecDefaults.Normalize(Spec());

        Assert.Equal("us-east-1", normalized.Region);
        Assert.Equal("users-api", normalized.Api.Name);
        Assert.Equal(["GET /users/{userId}", "$default"], normalized.Routes);
        Assert.Equal(["email", "phone"], normalized.UserPool.SignInWith!);
        Assert.Equal("POST", normalized.Integration.Method);
        Assert.Equal("https://example.com", normalized.Integration.Url);
        Assert.Empty(SpecValidator.Validate(normalized));
    }

    [Fact]
    public void Normalize_GivenNamesAndSecretChoice_AreKept()
    {
        var spec = Spec() with
        {
            AppClient = new AppClientSpec { Name = "mobile", GenerateSecret = true },
            Authorizer = new AuthorizerSpec { Name = "Jwt", IdentitySource = "$request.querystring.token" },
        };

        var normalized = SpecDefaults.Normalize(spec);

        Assert.Equal("mobile", normalized.AppClient!.Name);
        Assert.True(normalized.AppClient.GenerateSecret);
        Assert.Equal("Jwt", normalized.Authorizer!.Name);
        Assert.Equal("$request.querystring.token", normalized.Authorizer.IdentitySource);
    }

    [Fact]
    public void Normalize_ExistingPool_DropsNewPoolFields()
    {
        var spec = Spec() with { UserPool = new UserPoolSpec { ExistingPoolId = " us-east-1_AbC123xyZ " } };

        var normalized = SpecDefaults.Normalize(spec);

        Assert.Equal("us-east-1_AbC123xyZ", normalized.UserPool.ExistingPoolId);
        Assert.Null(normalized.UserPool.Name);
        Assert.Null(normalized.UserPool.SignInWith);
    }

    [Theory]
    [InlineData("Users API / v2!", "Users API - v2--client")]
    [InlineData("orders", "orders-client")]
    public void ClientNameFor_ApiNameWithCharactersCognitoRejects_ReplacesThem(string apiName, string expected)
    {
        var name = SpecDefaults.ClientNameFor(apiName);

        Assert.Equal(expected, name);
        Assert.Null(SpecValidator.ValidateClientName(name));
    }

    [Fact]
    public void ClientNameFor_MaximumLengthApiName_StaysWithinTheClientNameLimit()
    {
        var name = SpecDefaults.ClientNameFor(new string('a', 128));

        Assert.Equal(128, name.Length);
        Assert.EndsWith("-client", name);
        Assert.Null(SpecValidator.ValidateClientName(name));
    }

    [Fact]
    public void CognitoIssuer_For_IsTheCognitoIssuerUrl() =>
        Assert.Equal("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyZ",
            CognitoIssuer.For("eu-west-1", "eu-west-1_AbC123xyZ"));

    [Fact]
    public void Issuer_FromSpec_UsesTheSpecRegion() =>
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X1",
            Spec().Issuer("us-east-1_X1"));

    [Theory]
    [InlineData("us-east-1_AbC123xyZ", "us-east-1")]
    [InlineData("nounderscore", null)]
    [InlineData(null, null)]
    public void RegionOfPool_ReadsThePrefix(string? poolId, string? expected) =>
        Assert.Equal(expected, CognitoIssuer.RegionOfPool(poolId));
}
