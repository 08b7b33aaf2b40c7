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
}
