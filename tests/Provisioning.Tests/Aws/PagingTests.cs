using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class PagingTests : IAsyncLifetime
{
    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task ListAllUserPools_FollowsNextTokenToTheEndAndPassesTokensVerbatim()
    {
        _aws.Server.Respond(200, """{"UserPools":[{"Id":"eu-west-1_A","Name":"a"},{"Id":"eu-west-1_B","Name":"b"}],"NextToken":"tok+1/x=="}""");
        _aws.Server.Respond(200, """{"UserPools":[],"NextToken":"tok+2"}""");
        _aws.Server.Respond(200, """{"UserPools":[{"Id":"eu-west-1_C","Name":"c"}],"NextToken":null}""");

        var pools = await _aws.Cognito.ListAllUserPoolsAsync().ToListAsync();

        Assert.Equal(["eu-west-1_A", "eu-west-1_B", "eu-west-1_C"], pools.Select(pool => pool.Id));
        var requests = _aws.Server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.False(requests[0].Json().TryGetProperty("NextToken", out _));
        Assert.Equal("tok+1/x==", requests[1].Json().GetProperty("NextToken").GetString());
        Assert.Equal("tok+2", requests[2].Json().GetProperty("NextToken").GetString());
        Assert.All(requests, request => Assert.Equal(60, request.Json().GetProperty("MaxResults").GetInt32()));
    }

    [Fact]
    public async Task ListAllUserPoolClients_FollowsNextTokenToTheEndForTheOnePool()
    {
        _aws.Server.Respond(200, """{"UserPoolClients":[{"ClientId":"c1","ClientName":"a"}],"NextToken":"n+1/=="}""");
        _aws.Server.Respond(200, """{"UserPoolClients":[{"ClientId":"c2","ClientName":"b"}]}""");

        var clients = await _aws.Cognito.ListAllUserPoolClientsAsync("eu-west-1_Abc").ToListAsync();

        Assert.Equal(["c1", "c2"], clients.Select(c => c.ClientId));
        var requests = _aws.Server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, request => Assert.Equal("eu-west-1_Abc", request.Json().GetProperty("UserPoolId").GetString()));
        Assert.All(requests, request => Assert.Equal(60, request.Json().GetProperty("MaxResults").GetInt32()));
        Assert.False(requests[0].Json().TryGetProperty("NextToken", out _));
        Assert.Equal("n+1/==", requests[1].Json().GetProperty("NextToken").GetString());
    }

    [Fact]
    public async Task GetAllApis_FollowsNextTokenWithPlusSlashAndEqualsEncodedInTheQuery()
    {
        _aws.Server.Respond(200, """{"items":[{"apiId":"a1"}],"nextToken":"a+b/c=="}""");
        _aws.Server.Respond(200, """{"items":[{"apiId":"a2"},{"apiId":"a3"}],"nextToken":""}""");

        var apis = await _aws.HttpApi.GetAllApisAsync().ToListAsync();

        Assert.Equal(["a1", "a2", "a3"], apis.Select(api => api.ApiId));
        var requests = _aws.Server.Requests;
        Assert.Equal("/v2/apis", requests[0].RawTarget);
        Assert.Equal("/v2/apis?nextToken=a%2Bb%2Fc%3D%3D", requests[1].RawTarget);
        Assert.All(requests, _aws.AssertSignatureVerifies);
    }

    [Fact]
    public async Task GetAllRoutes_StopsWhenThePageHasNoToken()
    {
        _aws.Server.Respond(200, """{"items":[{"routeId":"r1","routeKey":"GET /a"}],"nextToken":"n1"}""");
        _aws.Server.Respond(200, """{"items":[{"routeId":"r2","routeKey":"GET /b"}]}""");

        var routes = await _aws.HttpApi.GetAllRoutesAsync("abc123").ToListAsync();

        Assert.Equal(["GET /a", "GET /b"], routes.Select(route => route.RouteKey));
        Assert.Equal(["/v2/apis/abc123/routes", "/v2/apis/abc123/routes?nextToken=n1"], _aws.Server.Requests.Select(request => request.RawTarget));
    }

    [Fact]
    public async Task GetAllAuthorizersIntegrationsAndStages_EachReadEveryPage()
    {
        _aws.Server.Respond(200, """{"items":[{"authorizerId":"au1"}],"nextToken":"t"}""");
        _aws.Server.Respond(200, """{"items":[{"authorizerId":"au2"}]}""");
        _aws.Server.Respond(200, """{"items":[{"integrationId":"in1"}],"nextToken":"t"}""");
        _aws.Server.Respond(200, """{"items":[{"integrationId":"in2"}]}""");
        _aws.Server.Respond(200, """{"items":[{"stageName":"$default"}],"nextToken":"t"}""");
        _aws.Server.Respond(200, "{}");

        var authorizers = await _aws.HttpApi.GetAllAuthorizersAsync("abc123").ToListAsync();
        var integrations = await _aws.HttpApi.GetAllIntegrationsAsync("abc123").ToListAsync();
        var stages = await _aws.HttpApi.GetAllStagesAsync("abc123").ToListAsync();

        Assert.Equal(["au1", "au2"], authorizers.Select(authorizer => authorizer.AuthorizerId));
        Assert.Equal(["in1", "in2"], integrations.Select(integration => integration.IntegrationId));
        Assert.Equal(["$default"], stages.Select(stage => stage.StageName));
        Assert.Equal(6, _aws.Server.Requests.Count);
    }

    [Fact]
    public async Task ListPageSize_IsSentAsMaxResultsByThePagingHelpers_CappedAt60ForCognito()
    {
        await using var small = await AwsClientHarness.StartAsync(options => options.ListPageSize = 2);
        small.Server.Respond(200, """{"UserPools":[]}""");
        small.Server.Respond(200, """{"items":[]}""");
        small.Server.Respond(200, """{"items":[]}""");
        await using var large = await AwsClientHarness.StartAsync(options => options.ListPageSize = 100);
        large.Server.Respond(200, """{"UserPools":[]}""");

        await small.Cognito.ListAllUserPoolsAsync().ToListAsync();
        await small.HttpApi.GetAllApisAsync().ToListAsync();
        await small.HttpApi.GetAllStagesAsync("abc123").ToListAsync();
        await large.Cognito.ListAllUserPoolsAsync().ToListAsync();

        Assert.Equal(2, small.Server.Requests[0].Json().GetProperty("MaxResults").GetInt32());
        Assert.Equal("/v2/apis?maxResults=2", small.Server.Requests[1].RawTarget);
        Assert.Equal("/v2/apis/abc123/stages?maxResults=2", small.Server.Requests[2].RawTarget);
        Assert.Equal(60, large.Server.Requests[0].Json().GetProperty("MaxResults").GetInt32());
    }
}
