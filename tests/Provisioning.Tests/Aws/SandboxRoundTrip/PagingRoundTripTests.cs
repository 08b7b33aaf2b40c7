using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>
/// The paging helpers follow the endpoint's real next tokens to the end: pages of two (<c>ListPageSize</c>) over more
/// items than fit on one page, each item once.
/// </summary>
[Collection(AwsEndpointCollection.Name)]
public sealed class PagingRoundTripTests(AwsTestEndpoint endpoint) : IAsyncLifetime
{
    private const int PageSize = 2;

    private readonly RoundTripSession _aws = new(endpoint, options => options.ListPageSize = PageSize);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task ListAllUserPools_InPagesOfTwo_ReturnsEveryPoolOnce()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await _aws.CreatePoolAsync()).Id!);
        }

        var listed = await _aws.Cognito.ListAllUserPoolsAsync().Select(pool => pool.Id!).ToListAsync();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Subset(listed.ToHashSet(), created.ToHashSet());
        Assert.True(_aws.Calls.Of("ListUserPools").Count >= 3, "five pools in pages of two take at least three pages");
    }

    [Fact]
    public async Task ListAllUserPoolClients_InPagesOfTwo_ReturnsEveryClientOfThePoolOnceByName()
    {
        var pool = await _aws.CreatePoolAsync();
        var created = new Dictionary<string, string>();
        for (var i = 0; i < 5; i++)
        {
            var client = (await _aws.Cognito.CreateUserPoolClientAsync(new CreateUserPoolClientRequest { UserPoolId = pool.Id!, ClientName = $"client-{i}" })).UserPoolClient!;
            created[client.ClientId!] = client.ClientName!;
        }

        var listed = await _aws.Cognito.ListAllUserPoolClientsAsync(pool.Id!).ToListAsync();

        Assert.Equal(created, listed.ToDictionary(c => c.ClientId!, c => c.ClientName!));
        Assert.All(listed, c => Assert.Equal(pool.Id, c.UserPoolId));
        Assert.True(_aws.Calls.Of("ListUserPoolClients").Count >= 3, "five clients in pages of two take at least three pages");
    }

    [Fact]
    public async Task GetAllApis_InPagesOfTwo_ReturnsEveryApiOnce()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await _aws.CreateApiAsync()).ApiId!);
        }

        var listed = await _aws.HttpApi.GetAllApisAsync().Select(api => api.ApiId!).ToListAsync();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Subset(listed.ToHashSet(), created.ToHashSet());
        Assert.True(_aws.Calls.Of("GetApis").Count >= 3, "five APIs in pages of two take at least three pages");
    }

    [Fact]
    public async Task GetAllRoutesAuthorizersIntegrationsAndStages_InPagesOfTwo_ReturnEveryChildOnce()
    {
        var apiId = (await _aws.CreateApiAsync()).ApiId!;
        var integrations = new List<string>();
        var authorizers = new List<string>();
        var stages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            integrations.Add((await _aws.CreateIntegrationAsync(apiId, $"/backend{i}")).IntegrationId!);
            authorizers.Add((await _aws.CreateJwtAuthorizerAsync(apiId, $"authorizer-{i}")).AuthorizerId!);
            stages.Add((await _aws.HttpApi.CreateStageAsync(new CreateStageRequest { ApiId = apiId, StageName = $"stage{i}" })).StageName!);
        }

        string[] routeKeys = ["GET /a", "GET /b", "POST /c", "PUT /d/{id}", "DELETE /e"];
        foreach (var routeKey in routeKeys)
        {
            await _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest { ApiId = apiId, RouteKey = routeKey, Target = "integrations/" + integrations[0] });
        }

        var routes = await _aws.HttpApi.GetAllRoutesAsync(apiId).Select(route => route.RouteKey!).ToListAsync();
        var listedAuthorizers = await _aws.HttpApi.GetAllAuthorizersAsync(apiId).Select(authorizer => authorizer.AuthorizerId!).ToListAsync();
        var listedIntegrations = await _aws.HttpApi.GetAllIntegrationsAsync(apiId).Select(integration => integration.IntegrationId!).ToListAsync();
        var listedStages = await _aws.HttpApi.GetAllStagesAsync(apiId).Select(stage => stage.StageName!).ToListAsync();

        Assert.Equal(routeKeys.Order(), routes.Order());
        Assert.Equal(authorizers.Order(), listedAuthorizers.Order());
        Assert.Equal(integrations.Order(), listedIntegrations.Order());
        Assert.Equal(stages.Order(), listedStages.Order());
        Assert.Equal(3, _aws.Calls.Of("GetRoutes").Count);
        Assert.Equal(2, _aws.Calls.Of("GetAuthorizers").Count);
        Assert.Equal(2, _aws.Calls.Of("GetIntegrations").Count);
        Assert.Equal(2, _aws.Calls.Of("GetStages").Count);
    }
}
