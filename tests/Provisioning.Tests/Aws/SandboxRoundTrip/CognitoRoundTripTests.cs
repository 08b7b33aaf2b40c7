using System.Net;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>Every Cognito operation of the product's client, over real HTTP, against the switchable endpoint.</summary>
[Collection(AwsEndpointCollection.Name)]
public sealed class CognitoRoundTripTests(AwsTestEndpoint endpoint) : IAsyncLifetime
{
    private readonly RoundTripSession _aws = new(endpoint);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task UserPool_CreateDescribeListDelete_RoundTripsWithPolicyAndTags()
    {
        var name = RoundTripSession.UniqueName("pool");
        var created = await _aws.Cognito.CreateUserPoolAsync(new CreateUserPoolRequest
        {
            PoolName = name,
            Policies = new UserPoolPolicyType { PasswordPolicy = new PasswordPolicyType { MinimumLength = 12, RequireSymbols = true } },
            UserPoolTags = new() { ["owner"] = "round-trip" },
        });
        var poolId = created.UserPool!.Id!;
        _aws.DeleteOnDispose(() => _aws.Cognito.DeleteUserPoolAsync(new DeleteUserPoolRequest { UserPoolId = poolId }));

        var described = (await _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = poolId })).UserPool!;
        var listed = await _aws.Cognito.ListAllUserPoolsAsync().Where(pool => pool.Id == poolId).ToListAsync();

        Assert.StartsWith(_aws.Region + "_", poolId);
        Assert.Equal(name, described.Name);
        Assert.EndsWith(":userpool/" + poolId, described.Arn);
        Assert.Equal(12, described.Policies!.PasswordPolicy!.MinimumLength);
        Assert.Equal("round-trip", described.UserPoolTags!["owner"]);
        Assert.NotNull(described.CreationDate);
        Assert.Equal(name, Assert.Single(listed).Name);

        await _aws.Cognito.DeleteUserPoolAsync(new DeleteUserPoolRequest { UserPoolId = poolId });

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _aws.Cognito.DescribeUserPoolAsync(new DescribeUserPoolRequest { UserPoolId = poolId }));
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
        Assert.DoesNotContain(await _aws.Cognito.ListAllUserPoolsAsync().ToListAsync(), pool => pool.Id == poolId);
    }

    [Fact]
    public async Task UserPoolClient_CreateDescribeDelete_RoundTripsWithGeneratedSecretAndSettings()
    {
        var pool = await _aws.CreatePoolAsync();
        var created = (await _aws.Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest
        {
            UserPoolId = pool.Id!,
            ClientName = "round-trip-client",
            GenerateSecret = true,
            AccessTokenValidity = 30,
            TokenValidityUnits = new TokenValidityUnitsType { AccessToken = "minutes" },
            ExplicitAuthFlows = ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        })).UserPoolClient!;

        var described = (await _aws.Cognito.DescribeUserPoolClientAsync(new DescribeUserPoolClientRequest
        {
            UserPoolId = pool.Id!, ClientId = created.ClientId!,
        })).UserPoolClient!;

        Assert.Equal(26, created.ClientId!.Length);
        Assert.False(string.IsNullOrEmpty(created.ClientSecret));
        Assert.Equal(created.ClientSecret, described.ClientSecret);
        Assert.Equal("round-trip-client", described.ClientName);
        Assert.Equal(pool.Id, described.UserPoolId);
        Assert.Equal(30, described.AccessTokenValidity);
        Assert.Equal("minutes", described.TokenValidityUnits!.AccessToken);
        Assert.Equal(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], described.ExplicitAuthFlows!.Order());

        await _aws.Cognito.DeleteUserPoolClientAsync(new DeleteUserPoolClientRequest { UserPoolId = pool.Id!, ClientId = created.ClientId });

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.DescribeUserPoolClientAsync(
            new DescribeUserPoolClientRequest { UserPoolId = pool.Id!, ClientId = created.ClientId }));
        Assert.Equal("ResourceNotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task User_CreatedWithPermanentPassword_SignsInSignedAndUnsignedAndIsGoneAfterDelete()
    {
        var pool = await _aws.CreatePoolAsync();
        var client = await _aws.CreatePasswordClientAsync(pool.Id!);
        var username = RoundTripSession.UniqueName("user");

        var created = (await _aws.Cognito.AdminCreateUserAsync(new AdminCreateUserRequest
        {
            UserPoolId = pool.Id!,
            Username = username,
            MessageAction = "SUPPRESS",
            UserAttributes = [new AttributeType { Name = "email", Value = username + "@example.com" }],
        })).User!;
        _aws.DeleteOnDispose(() => _aws.Cognito.AdminDeleteUserAsync(new AdminDeleteUserRequest { UserPoolId = pool.Id!, Username = username }));
        await _aws.Cognito.AdminSetUserPasswordAsync(new AdminSetUserPasswordRequest
        {
            UserPoolId = pool.Id!, Username = username, Password = RoundTripSession.TestPassword, Permanent = true,
        });

        var admin = await _aws.Cognito.AdminInitiateAuthAsync(new AdminInitiateAuthRequest
        {
            UserPoolId = pool.Id!,
            ClientId = client.ClientId!,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = username, ["PASSWORD"] = RoundTripSession.TestPassword },
        });
        var user = await _aws.Cognito.InitiateAuthAsync(new InitiateAuthRequest
        {
            ClientId = client.ClientId!,
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = username, ["PASSWORD"] = RoundTripSession.TestPassword },
        });

        Assert.Equal(username, created.Username);
        Assert.Equal("FORCE_CHANGE_PASSWORD", created.UserStatus);
        Assert.Contains(created.Attributes!, attribute => attribute is { Name: "email" } && attribute.Value == username + "@example.com");
        foreach (var tokens in new[] { admin.AuthenticationResult, user.AuthenticationResult })
        {
            Assert.NotNull(tokens);
            Assert.Equal(3, tokens.AccessToken!.Split('.').Length);
            Assert.Equal(3, tokens.IdToken!.Split('.').Length);
            Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
            Assert.Equal("Bearer", tokens.TokenType);
            Assert.True(tokens.ExpiresIn > 0);
        }

        Assert.Null(admin.ChallengeName);

        await _aws.Cognito.AdminDeleteUserAsync(new AdminDeleteUserRequest { UserPoolId = pool.Id!, Username = username });

        var signInAfterDelete = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.Cognito.AdminInitiateAuthAsync(new AdminInitiateAuthRequest
        {
            UserPoolId = pool.Id!,
            ClientId = client.ClientId!,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = username, ["PASSWORD"] = RoundTripSession.TestPassword },
        }));
        Assert.Equal("UserNotFoundException", signInAfterDelete.ErrorCode);
    }

    [Fact]
    public async Task ResourceServer_CreatedWithScopes_ComesBackAsSent()
    {
        var pool = await _aws.CreatePoolAsync();
        var identifier = "https://" + RoundTripSession.UniqueName("api") + ".example.com";

        var created = (await _aws.Cognito.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = pool.Id!,
            Identifier = identifier,
            Name = "orders",
            Scopes =
            [
                new ResourceServerScopeType { ScopeName = "orders.read", ScopeDescription = "Read orders" },
                new ResourceServerScopeType { ScopeName = "orders.write", ScopeDescription = "Write orders" },
            ],
        })).ResourceServer!;

        Assert.Equal(pool.Id, created.UserPoolId);
        Assert.Equal(identifier, created.Identifier);
        Assert.Equal("orders", created.Name);
        Assert.Equal(["orders.read", "orders.write"], created.Scopes!.Select(scope => scope.ScopeName).Order());
    }

    [Fact]
    public async Task PoolTags_TagResourceByArn_ListTagsReturnsCreateTimeAndAddedTags()
    {
        var pool = await _aws.CreatePoolAsync(tags: new() { ["owner"] = "round-trip" });

        await _aws.Cognito.TagResourceAsync(new TagResourceRequest
        {
            ResourceArn = pool.Arn!,
            Tags = new() { ["deployment"] = "d-42", ["owner"] = "portal" },
        });
        var tags = (await _aws.Cognito.ListTagsForResourceAsync(new ListTagsForResourceRequest { ResourceArn = pool.Arn! })).Tags!;

        Assert.Equal("d-42", tags["deployment"]);
        Assert.Equal("portal", tags["owner"]);
        Assert.Equal(2, tags.Count);
    }

    [Fact]
    public async Task EverySuccessfulCall_CarriesTheRequestIdTheEndpointSent()
    {
        var request = new DescribeUserPoolRequest { UserPoolId = (await _aws.CreatePoolAsync()).Id! };

        await _aws.Cognito.DescribeUserPoolAsync(request);

        var call = _aws.CallOf(request);
        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal(1, call.Attempts);
        Assert.False(string.IsNullOrEmpty(call.RequestId));
    }
}
