using System.Text.Json;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class CognitoClientWireTests : IAsyncLifetime
{
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public static TheoryData<string> Operations() =>
    [
        "CreateUserPool", "DescribeUserPool", "ListUserPools", "DeleteUserPool", "CreateUserPoolClient",
        "DescribeUserPoolClient", "ListUserPoolClients", "DeleteUserPoolClient", "AdminCreateUser", "AdminSetUserPassword", "AdminDeleteUser",
        "AdminInitiateAuth", "CreateResourceServer", "TagResource", "ListTagsForResource",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task SignedOperation_IsPostToRootWithTargetHeaderExactContentTypeAndVerifiableSignature(string operation)
    {
        await CallAsync(_aws.Cognito, operation);

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.RawTarget);
        Assert.Equal($"AWSCognitoIdentityProviderService.{operation}", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Contains("/eu-west-1/cognito-idp/aws4_request", request.Header("Authorization"));
        Assert.Contains("x-amz-target", request.Header("Authorization"));
        _aws.AssertSignatureVerifies(request);
    }

    [Fact]
    public async Task InitiateAuth_IsSentUnsigned()
    {
        await _aws.Cognito.InitiateAuthAsync(new InitiateAuthRequest
        {
            ClientId = "client1",
            AuthFlow = "USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = "alice", ["PASSWORD"] = "Secret-1" },
        });

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal("AWSCognitoIdentityProviderService.InitiateAuth", request.Header("X-Amz-Target"));
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("X-Amz-Date"));
        Assert.Equal("USER_PASSWORD_AUTH", request.Json().GetProperty("AuthFlow").GetString());
    }

    [Fact]
    public async Task CreateUserPool_SendsPascalCaseMembersAndOmitsNulls()
    {
        await _aws.Cognito.CreateUserPoolAsync(new CreateUserPoolRequest
        {
            PoolName = "orders-pool",
            UsernameAttributes = ["email"],
            Policies = new UserPoolPolicyType { PasswordPolicy = new PasswordPolicyType { MinimumLength = 12, RequireSymbols = true } },
            UserPoolTags = new() { ["secureapi:deployment"] = "d-1" },
        });

        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.Equal("orders-pool", body.GetProperty("PoolName").GetString());
        Assert.Equal("email", body.GetProperty("UsernameAttributes")[0].GetString());
        var policy = body.GetProperty("Policies").GetProperty("PasswordPolicy");
        Assert.Equal(12, policy.GetProperty("MinimumLength").GetInt32());
        Assert.False(policy.TryGetProperty("RequireUppercase", out _));
        Assert.Equal("d-1", body.GetProperty("UserPoolTags").GetProperty("secureapi:deployment").GetString());
        Assert.False(body.TryGetProperty("MfaConfiguration", out _));
        Assert.False(body.TryGetProperty("DeletionProtection", out _));
    }

    [Fact]
    public async Task CreateUserPoolClient_ReadsClientIdAndSecretFromResponse()
    {
        _aws.Server.Respond(200, """{"UserPoolClient":{"UserPoolId":"eu-west-1_Abc","ClientId":"abcdefghijklmnopqrstuvwxyz","ClientSecret":"s3cr3t","ExplicitAuthFlows":["ALLOW_USER_PASSWORD_AUTH"]}}""");

        var response = await _aws.Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest
        {
            UserPoolId = "eu-west-1_Abc",
            ClientName = "web",
            GenerateSecret = true,
            ExplicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"],
        });

        Assert.Equal("abcdefghijklmnopqrstuvwxyz", response.UserPoolClient?.ClientId);
        Assert.Equal("s3cr3t", response.UserPoolClient?.ClientSecret);
        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.True(body.GetProperty("GenerateSecret").GetBoolean());
        Assert.Equal("web", body.GetProperty("ClientName").GetString());
    }

    [Fact]
    public async Task ListUserPools_SendsMaxResultsAsNumber()
    {
        await _aws.Cognito.ListUserPoolsAsync(new ListUserPoolsRequest { MaxResults = 25 });

        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.Equal(JsonValueKind.Number, body.GetProperty("MaxResults").ValueKind);
        Assert.Equal(25, body.GetProperty("MaxResults").GetInt32());
        Assert.False(body.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task ListUserPoolClients_SendsPoolAndPageAndReadsClientDescriptions()
    {
        _aws.Server.Respond(200, """{"UserPoolClients":[{"ClientId":"abcdefghijklmnopqrstuvwxyz","UserPoolId":"eu-west-1_Abc","ClientName":"web"}],"NextToken":"t1"}""");

        var response = await _aws.Cognito.ListUserPoolClientsAsync(new ListUserPoolClientsRequest { UserPoolId = "eu-west-1_Abc", MaxResults = 10 });

        var client = Assert.Single(response.UserPoolClients!);
        Assert.Equal("abcdefghijklmnopqrstuvwxyz", client.ClientId);
        Assert.Equal("web", client.ClientName);
        Assert.Equal("eu-west-1_Abc", client.UserPoolId);
        Assert.Equal("t1", response.NextToken);
        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.Equal("eu-west-1_Abc", body.GetProperty("UserPoolId").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("MaxResults").ValueKind);
        Assert.Equal(10, body.GetProperty("MaxResults").GetInt32());
        Assert.False(body.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task AdminInitiateAuth_ReadsTokensFromAuthenticationResult()
    {
        _aws.Server.Respond(200, """{"AuthenticationResult":{"AccessToken":"at","IdToken":"it","ExpiresIn":3600,"TokenType":"Bearer"},"ChallengeParameters":{}}""");

        var response = await _aws.Cognito.AdminInitiateAuthAsync(new AdminInitiateAuthRequest
        {
            UserPoolId = "eu-west-1_Abc",
            ClientId = "client1",
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new() { ["USERNAME"] = "alice", ["PASSWORD"] = "Secret-1" },
        });

        Assert.Equal("at", response.AuthenticationResult?.AccessToken);
        Assert.Equal(3600, response.AuthenticationResult?.ExpiresIn);
        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.Equal("alice", body.GetProperty("AuthParameters").GetProperty("USERNAME").GetString());
        _aws.AssertSignatureVerifies(_aws.Server.Requests[0]);
    }

    [Fact]
    public async Task CreateResourceServer_SendsScopesAsObjects()
    {
        await _aws.Cognito.CreateResourceServerAsync(new CreateResourceServerRequest
        {
            UserPoolId = "eu-west-1_Abc",
            Identifier = "https://orders.example",
            Name = "orders",
            Scopes = [new ResourceServerScopeType { ScopeName = "read", ScopeDescription = "Read orders" }],
        });

        var scope = Assert.Single(_aws.Server.Requests).Json().GetProperty("Scopes")[0];
        Assert.Equal("read", scope.GetProperty("ScopeName").GetString());
        Assert.Equal("Read orders", scope.GetProperty("ScopeDescription").GetString());
    }

    internal static Task CallAsync(ICognitoClient cognito, string operation) => operation switch
    {
        "CreateUserPool" => cognito.CreateUserPoolAsync(new() { PoolName = "p1" }),
        "DescribeUserPool" => cognito.DescribeUserPoolAsync(new() { UserPoolId = "eu-west-1_Abc" }),
        "ListUserPools" => cognito.ListUserPoolsAsync(new()),
        "DeleteUserPool" => cognito.DeleteUserPoolAsync(new() { UserPoolId = "eu-west-1_Abc" }),
        "CreateUserPoolClient" => cognito.CreateUserPoolClientAsync(new() { UserPoolId = "eu-west-1_Abc", ClientName = "c" }),
        "DescribeUserPoolClient" => cognito.DescribeUserPoolClientAsync(new() { UserPoolId = "eu-west-1_Abc", ClientId = "c1" }),
        "ListUserPoolClients" => cognito.ListUserPoolClientsAsync(new() { UserPoolId = "eu-west-1_Abc" }),
        "DeleteUserPoolClient" => cognito.DeleteUserPoolClientAsync(new() { UserPoolId = "eu-west-1_Abc", ClientId = "c1" }),
        "AdminCreateUser" => cognito.AdminCreateUserAsync(new() { UserPoolId = "eu-west-1_Abc", Username = "alice" }),
        "AdminSetUserPassword" => cognito.AdminSetUserPasswordAsync(new() { UserPoolId = "eu-west-1_Abc", Username = "alice", Password = "Secret-1", Permanent = true }),
        "AdminDeleteUser" => cognito.AdminDeleteUserAsync(new() { UserPoolId = "eu-west-1_Abc", Username = "alice" }),
        "AdminInitiateAuth" => cognito.AdminInitiateAuthAsync(new() { UserPoolId = "eu-west-1_Abc", ClientId = "c1", AuthFlow = "ADMIN_USER_PASSWORD_AUTH" }),
        "CreateResourceServer" => cognito.CreateResourceServerAsync(new() { UserPoolId = "eu-west-1_Abc", Identifier = "https://api", Name = "api" }),
        "TagResource" => cognito.TagResourceAsync(new() { ResourceArn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc", Tags = new() { ["k"] = "v" } }),
        "ListTagsForResource" => cognito.ListTagsForResourceAsync(new() { ResourceArn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Abc" }),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a Cognito operation of this client"),
    };
}
