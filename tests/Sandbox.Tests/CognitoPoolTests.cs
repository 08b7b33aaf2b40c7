using System.Net;
using System.Text.RegularExpressions;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

public sealed partial class CognitoPoolTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [GeneratedRegex("^us-east-1_[A-Za-z0-9]{9}$")]
    private static partial Regex PoolId();

    [Fact]
    public async Task CreateUserPool_ReturnsPoolWithAwsShapedIdArnAndEpochTimestamps()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = "orders pool", DeletionProtection = "INACTIVE" });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var pool = reply.Body["UserPool"]!;
        var id = pool["Id"]!.GetValue<string>();
        Assert.Matches(PoolId(), id);
        Assert.Equal($"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{id}", pool["Arn"]!.GetValue<string>());
        Assert.Equal("orders pool", pool["Name"]!.GetValue<string>());
        Assert.InRange(pool["CreationDate"]!.GetValue<double>(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.True(Guid.TryParse(reply.RequestId, out _));
    }

    [Fact]
    public async Task CreateUserPool_TakesItsRegionFromTheSignature()
    {
        using var client = sandbox.Client("eu-west-1");

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = "west" });

        Assert.StartsWith("eu-west-1_", reply.Body["UserPool"]!["Id"]!.GetValue<string>());
        Assert.Contains(":eu-west-1:", reply.Body["UserPool"]!["Arn"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad/name")]
    [InlineData("semi;colon")]
    public async Task CreateUserPool_WithInvalidName_IsInvalidParameter(string name)
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = name });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidParameterException", reply.BodyType);
        Assert.Equal("InvalidParameterException", reply.ErrorType);
        Assert.False(string.IsNullOrEmpty(reply.Message));
    }

    [Fact]
    public async Task CreateUserPool_WithTooLongName_IsInvalidParameter()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = new string('a', 129) });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task CreateUserPool_KeepsPasswordPolicyAndTags_ForDescribe()
    {
        using var client = sandbox.Client();
        var created = await client.CognitoAsync("CreateUserPool", new
        {
            PoolName = "policy",
            Policies = new { PasswordPolicy = new { MinimumLength = 12, RequireUppercase = true, RequireNumbers = true } },
            UserPoolTags = new Dictionary<string, string> { ["team"] = "payments" },
        });
        var id = created.Body["UserPool"]!["Id"]!.GetValue<string>();

        var described = await client.CognitoAsync("DescribeUserPool", new { UserPoolId = id });

        var policy = described.Body["UserPool"]!["Policies"]!["PasswordPolicy"]!;
        Assert.Equal(12, policy["MinimumLength"]!.GetValue<int>());
        Assert.True(policy["RequireUppercase"]!.GetValue<bool>());
        Assert.False(policy["RequireSymbols"]!.GetValue<bool>());
        Assert.Equal("payments", described.Body["UserPool"]!["UserPoolTags"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task DescribeUserPool_Unknown_IsResourceNotFound()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("DescribeUserPool", new { UserPoolId = "us-east-1_Nope12345" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ResourceNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task DescribeUserPool_FromAnotherRegion_IsResourceNotFound()
    {
        using var east = sandbox.Client();
        using var west = sandbox.Client("us-west-2");
        var id = await CreatePoolAsync(east, "regional");

        var reply = await west.CognitoAsync("DescribeUserPool", new { UserPoolId = id });

        Assert.Equal("ResourceNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task ListUserPools_PagesWithNextToken_UntilEveryPoolSeenOnce()
    {
        using var client = sandbox.Client("ap-south-1");
        var created = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreatePoolAsync(client, $"page{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var reply = await client.CognitoAsync("ListUserPools", token is null ? new { MaxResults = 2 } : new { MaxResults = 2, NextToken = token });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var items = reply.Body["UserPools"]!.AsArray();
            Assert.InRange(items.Count, 0, 2);
            seen.AddRange(items.Select(p => p!["Id"]!.GetValue<string>()));
            token = reply.Json?["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(created, seen.ToHashSet());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public async Task ListUserPools_WithMaxResultsOutOfRange_IsInvalidParameter(int maxResults)
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("ListUserPools", new { MaxResults = maxResults });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task ListUserPools_WithoutMaxResults_IsInvalidParameter()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("ListUserPools", new { });

        Assert.Equal("InvalidParameterException", reply.BodyType);
    }

    [Fact]
    public async Task DeleteUserPool_RemovesPoolWithItsClientsAndUsers()
    {
        using var client = sandbox.Client();
        var id = await CreatePoolAsync(client, "doomed");
        var appClient = await client.CognitoAsync("CreateUserPoolClient", new { UserPoolId = id, ClientName = "app" });
        var clientId = appClient.Body["UserPoolClient"]!["ClientId"]!.GetValue<string>();
        await client.CognitoAsync("AdminCreateUser", new { UserPoolId = id, Username = "alice", MessageAction = "SUPPRESS" });

        var deleted = await client.CognitoAsync("DeleteUserPool", new { UserPoolId = id });

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("ResourceNotFoundException", (await client.CognitoAsync("DescribeUserPool", new { UserPoolId = id })).BodyType);
        Assert.Equal("ResourceNotFoundException", (await client.CognitoAsync("DescribeUserPoolClient", new { UserPoolId = id, ClientId = clientId })).BodyType);
        lock (sandbox.Server.State.Gate)
        {
            Assert.DoesNotContain(sandbox.Server.State.Pools.Values, p => p.Clients.ContainsKey(clientId));
        }
    }

    [Fact]
    public async Task DeleteUserPool_WithDeletionProtectionActive_IsRefusedAndKeepsPool()
    {
        using var client = sandbox.Client();
        var created = await client.CognitoAsync("CreateUserPool", new { PoolName = "protected", DeletionProtection = "ACTIVE" });
        var id = created.Body["UserPool"]!["Id"]!.GetValue<string>();

        var reply = await client.CognitoAsync("DeleteUserPool", new { UserPoolId = id });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidParameterException", reply.BodyType);
        Assert.Contains("deletion protection", reply.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.CognitoAsync("DescribeUserPool", new { UserPoolId = id })).Status);
    }

    [Fact]
    public async Task TagResource_ThenListTagsForResource_ReturnsMergedTags()
    {
        using var client = sandbox.Client();
        var created = await client.CognitoAsync("CreateUserPool", new { PoolName = "tagged", UserPoolTags = new Dictionary<string, string> { ["a"] = "1" } });
        var arn = created.Body["UserPool"]!["Arn"]!.GetValue<string>();

        var tagged = await client.CognitoAsync("TagResource", new { ResourceArn = arn, Tags = new Dictionary<string, string> { ["b"] = "2", ["a"] = "3" } });
        var listed = await client.CognitoAsync("ListTagsForResource", new { ResourceArn = arn });

        Assert.Equal(HttpStatusCode.OK, tagged.Status);
        Assert.Equal("3", listed.Body["Tags"]!["a"]!.GetValue<string>());
        Assert.Equal("2", listed.Body["Tags"]!["b"]!.GetValue<string>());
    }

    [Fact]
    public async Task TagResource_UnknownArn_IsResourceNotFound()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("TagResource", new
        {
            ResourceArn = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Missing00",
            Tags = new Dictionary<string, string> { ["a"] = "1" },
        });

        Assert.Equal("ResourceNotFoundException", reply.BodyType);
    }

    [Fact]
    public async Task UnknownTarget_IsUnknownOperation()
    {
        using var client = sandbox.Client();

        var reply = await client.CognitoAsync("DescribeEverything", new { });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("UnknownOperationException", reply.BodyType);
        Assert.NotNull(reply.RequestId);
    }

    internal static async Task<string> CreatePoolAsync(AwsTestClient client, string name)
    {
        var reply = await client.CognitoAsync("CreateUserPool", new { PoolName = name });
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body["UserPool"]!["Id"]!.GetValue<string>();
    }
}
