using System.Net;
using System.Text.RegularExpressions;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

public sealed partial class CognitoClientAndUserTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [GeneratedRegex("^[a-z0-9]{26}$")]
    private static partial Regex ClientId();

    [GeneratedRegex("^[a-z0-9]{51}$")]
    private static partial Regex ClientSecret();

    [Fact]
    public async Task CreateUserPoolClient_WithSecret_ReturnsAwsShapedIdAndSecret_AndStoresSettings()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "clients");

        var reply = await client.CognitoAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "web",
            GenerateSecret = true,
            ExplicitAuthFlows = new[] { "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
            AccessTokenValidity = 30,
            TokenValidityUnits = new { AccessToken = "minutes" },
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var created = reply.Body["UserPoolClient"]!;
        var clientId = created["ClientId"]!.GetValue<string>();
        Assert.Matches(ClientId(), clientId);
        Assert.Matches(ClientSecret(), created["ClientSecret"]!.GetValue<string>());

        var described = (await client.CognitoAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId })).Body["UserPoolClient"]!;
        Assert.Equal(30, described["AccessTokenValidity"]!.GetValue<int>());
        Assert.Equal("minutes", described["TokenValidityUnits"]!["AccessToken"]!.GetValue<string>());
        Assert.Equal(["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], described["ExplicitAuthFlows"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task ListUserPoolClients_PagesWithNextToken_NamesEveryClientOnceWithoutSecrets()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "listed");
        var otherPool = await CognitoPoolTests.CreatePoolAsync(client, "elsewhere");
        await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = otherPool, ClientName = "not-this-pool" });
        var created = new Dictionary<string, string>();
        for (var i = 0; i < 3; i++)
        {
            var reply = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = $"web{i}", GenerateSecret = true });
            created[reply.Body["UserPoolClient"]!["ClientId"]!.GetValue<string>()] = $"web{i}";
        }

        var seen = new Dictionary<string, string>();
        string? token = null;
        var pages = 0;
        do
        {
            var reply = await client.CognitoAsync("ListUserPoolClients",
                token is null ? new { UserPoolId = poolId, MaxResults = 2 } : (object)new { UserPoolId = poolId, MaxResults = 2, NextToken = token });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            foreach (var item in reply.Body["UserPoolClients"]!.AsArray())
            {
                Assert.Equal(poolId, item!["UserPoolId"]!.GetValue<string>());
                Assert.Null(item["ClientSecret"]);
                seen.Add(item["ClientId"]!.GetValue<string>(), item["ClientName"]!.GetValue<string>());
            }

            token = reply.Json?["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(2, pages);
        Assert.Equal(created, seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public async Task ListUserPoolClients_WithMaxResultsOutOfRange_IsInvalidParameter(int maxResults)
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "range");

        var reply = await client.CognitoAsync("ListUserPoolClients", new { UserPoolId = poolId, MaxResults = maxResults });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task ListUserPoolClients_OfUnknownPool_IsResourceNotFound()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("ListUserPoolClients", new { UserPoolId = "us-east-1_Missing00" });

        Assert.Equal("ResourceNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task CreateUserPoolClient_WithoutGenerateSecret_HasNoSecret()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "public");

        var reply = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "spa" });

        Assert.Null(reply.Body["UserPoolClient"]!["ClientSecret"]);
    }

    [Fact]
    public async Task CreateUserPoolClient_WithoutPreventUserExistenceErrors_DefaultsToLegacyAsTheApiDoes()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "legacy");

        var reply = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "api-made" });

        Assert.Equal("LEGACY", reply.Body["UserPoolClient"]!["PreventUserExistenceErrors"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateUserPoolClient_WithUnknownAuthFlow_IsInvalidParameter()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "flows");

        var reply = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "x", ExplicitAuthFlows = new[] { "ALLOW_EVERYTHING" } });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task CreateUserPoolClient_InUnknownPool_IsResourceNotFound()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = "us-east-1_Missing00", ClientName = "x" });

        Assert.Equal("ResourceNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task DeleteUserPoolClient_ThenDescribe_IsResourceNotFound()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "del-client");
        var clientId = (await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = poolId, ClientName = "x" })).Body["UserPoolClient"]!["ClientId"]!.GetValue<string>();

        var deleted = await client.CognitoAsync("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = clientId });

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("ResourceNotFoundException", (await client.CognitoAsync("DescribeUserPoolClient", new { UserPoolId = poolId, ClientId = clientId })).BodyType);
        Assert.Equal("ResourceNotFoundException", (await client.CognitoAsync("DeleteUserPoolClient", new { UserPoolId = poolId, ClientId = clientId })).BodyType);
    }

    [Fact]
    public async Task CreateResourceServer_ThenClientMayUseItsScopes_ButNotUnknownOnes()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "scopes");

        var server = await client.CognitoAsync("CreateResourceServer", new
        {
            UserPoolId = poolId, Identifier = "orders", Name = "Orders API",
            Scopes = new[] { new { ScopeName = "read", ScopeDescription = "Read orders" } },
        });
        var allowed = await client.CognitoAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId, ClientName = "m2m", GenerateSecret = true, AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = new[] { "client_credentials" }, AllowedOAuthScopes = new[] { "orders/read" },
        });
        var unknown = await client.CognitoAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId, ClientName = "m2m", GenerateSecret = true, AllowedOAuthFlowsUserPoolClient = true,
            AllowedOAuthFlows = new[] { "client_credentials" }, AllowedOAuthScopes = new[] { "orders/write" },
        });

        Assert.Equal("orders", server.Body["ResourceServer"]!["Identifier"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Equal("ScopeDoesNotExistException", unknown.BodyType);
    }

    [Fact]
    public async Task CreateResourceServer_Twice_IsInvalidParameter()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "rs-dup");
        await client.CognitoAsync("CreateResourceServer", new { UserPoolId = poolId, Identifier = "api", Name = "api" });

        var reply = await client.CognitoAsync("CreateResourceServer", new { UserPoolId = poolId, Identifier = "api", Name = "api" });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task AdminCreateUser_ReturnsForceChangePasswordUserWithSubAndAttributes()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "users");

        var reply = await client.CognitoAsync("AdminCreateUser", new
        {
            UserPoolId = poolId, Username = "alice", TemporaryPassword = "Temp#Pass1", MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "alice@example.com" }, new { Name = "email_verified", Value = "true" } },
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var user = reply.Body["User"]!;
        Assert.Equal("alice", user["Username"]!.GetValue<string>());
        Assert.Equal("FORCE_CHANGE_PASSWORD", user["UserStatus"]!.GetValue<string>());
        var attributes = user["Attributes"]!.AsArray().ToDictionary(a => a!["Name"]!.GetValue<string>(), a => a!["Value"]!.GetValue<string>());
        Assert.True(Guid.TryParse(attributes["sub"], out _));
        Assert.Equal("alice@example.com", attributes["email"]);
        Assert.DoesNotContain("Temp#Pass1", reply.Body.ToJsonString());
    }

    [Fact]
    public async Task AdminCreateUser_Twice_IsUsernameExists()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "dup-user");
        await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "bob", MessageAction = "SUPPRESS" });

        var reply = await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "bob", MessageAction = "SUPPRESS" });

        Assert.Equal("UsernameExistsException", reply.BodyType);
    }

    [Fact]
    public async Task AdminCreateUser_WithWeakTemporaryPassword_IsInvalidPassword()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "weak");

        var reply = await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "carol", TemporaryPassword = "short", MessageAction = "SUPPRESS" });

        Assert.Equal("InvalidPasswordException", reply.BodyType);
        Assert.DoesNotContain("short", reply.Message);
    }

    [Fact]
    public async Task AdminCreateUser_WithBadEmail_IsInvalidParameter()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "bad-email");

        var reply = await client.CognitoAsync("AdminCreateUser", new
        {
            UserPoolId = poolId, Username = "dave", MessageAction = "SUPPRESS",
            UserAttributes = new[] { new { Name = "email", Value = "not-an-email" } },
        });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Theory]
    [InlineData(true, "CONFIRMED")]
    [InlineData(false, "FORCE_CHANGE_PASSWORD")]
    public async Task AdminSetUserPassword_SetsStatusByPermanent(bool permanent, string expected)
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "setpw");
        await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "erin", MessageAction = "SUPPRESS" });

        var reply = await client.CognitoAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = "erin", Password = "Str0ng!Password", Permanent = permanent });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        lock (sandbox.Server.State.Gate)
        {
            Assert.Equal(expected, sandbox.Server.State.Pools[poolId].Users["erin"].Status);
        }
    }

    [Fact]
    public async Task AdminSetUserPassword_AgainstPolicy_IsInvalidPassword()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "policy-pw");
        await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "frank", MessageAction = "SUPPRESS" });

        var reply = await client.CognitoAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = "frank", Password = "alllowercase1!", Permanent = true });

        Assert.Equal("InvalidPasswordException", reply.BodyType);
    }

    [Fact]
    public async Task AdminSetUserPassword_UnknownUser_IsUserNotFound()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "nouser");

        var reply = await client.CognitoAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = "ghost", Password = "Str0ng!Password", Permanent = true });

        Assert.Equal("UserNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task AdminDeleteUser_RemovesUser_AndSecondDeleteIsUserNotFound()
    {
        using var client = sandbox.Client();
        var poolId = await CognitoPoolTests.CreatePoolAsync(client, "deluser");
        await client.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "gina", MessageAction = "SUPPRESS" });

        var first = await client.CognitoAsync("AdminDeleteUser", new { UserPoolId = poolId, Username = "gina" });
        var second = await client.CognitoAsync("AdminDeleteUser", new { UserPoolId = poolId, Username = "gina" });

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("UserNotFoundException", second.BodyType);
    }

    [Fact]
    public async Task InitiateAuth_Unsigned_IsHandedToTheAuthFlowsNotRejectedForMissingSignature()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("InitiateAuth", new { AuthFlow = "USER_PASSWORD_AUTH", ClientId = "nosuchclient", AuthParameters = new { USERNAME = "x", PASSWORD = "y" } }, sign: false);

        Assert.NotEqual(HttpStatusCode.Forbidden, reply.Status);
        Assert.NotEqual("MissingAuthenticationTokenException", reply.BodyType);
        Assert.True(sandbox.Server.Control.CallCount("InitiateAuth") > 0);
    }

    [Fact]
    public async Task AdminInitiateAuth_Unsigned_IsRejected()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("AdminInitiateAuth", new { UserPoolId = "us-east-1_Abc123456", ClientId = "x", AuthFlow = "ADMIN_USER_PASSWORD_AUTH" }, sign: false);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }
}
