using System.Net;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.HttpApi;

namespace SecureApi.Provisioning.Tests.Aws.SandboxRoundTrip;

/// <summary>Every API Gateway v2 operation of the product's client, over real HTTP, against the switchable endpoint.</summary>
[Collection(AwsEndpointCollection.Name)]
public sealed class HttpApiRoundTripTests(AwsTestEndpoint endpoint) : IAsyncLifetime
{
    private readonly RoundTripSession _aws = new(endpoint);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task Api_CreateGetListDelete_RoundTripsWithCorsAndTags()
    {
        var name = RoundTripSession.UniqueName("api");
        var create = new CreateApiRequest
        {
            Name = name,
            Description = "round trip",
            CorsConfiguration = new Cors { AllowOrigins = ["https://app.example.com"], AllowMethods = ["GET", "POST"], MaxAge = 300 },
            Tags = new() { ["owner"] = "round-trip" },
        };
        var created = await _aws.HttpApi.CreateApiAsync(create);
        _aws.DeleteOnDispose(() => _aws.HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = created.ApiId! }));

        var fetched = await _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = created.ApiId! });
        var listed = await _aws.HttpApi.GetAllApisAsync().Where(api => api.ApiId == created.ApiId).ToListAsync();

        Assert.Equal(10, created.ApiId!.Length);
        Assert.Equal(HttpStatusCode.Created, _aws.CallOf(create).StatusCode);
        Assert.Equal(name, fetched.Name);
        Assert.Equal("HTTP", fetched.ProtocolType);
        Assert.Equal("round trip", fetched.Description);
        Assert.Equal(["https://app.example.com"], fetched.CorsConfiguration!.AllowOrigins!);
        Assert.Equal(300, fetched.CorsConfiguration.MaxAge);
        Assert.Equal("round-trip", fetched.Tags!["owner"]);
        Assert.True(Uri.TryCreate(fetched.ApiEndpoint, UriKind.Absolute, out _), $"apiEndpoint '{fetched.ApiEndpoint}' is not a URL");
        Assert.NotNull(fetched.CreatedDate);
        Assert.Equal(name, Assert.Single(listed).Name);

        await _aws.HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = created.ApiId });

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetApiAsync(new GetApiRequest { ApiId = created.ApiId }));
        Assert.Equal("NotFoundException", gone.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain(await _aws.HttpApi.GetAllApisAsync().ToListAsync(), api => api.ApiId == created.ApiId);
    }

    [Fact]
    public async Task Route_CreateListUpdateDelete_RoundTripsTargetAuthorizerAndScopes()
    {
        var api = await _aws.CreateApiAsync();
        var integration = await _aws.CreateIntegrationAsync(api.ApiId!);
        var authorizer = await _aws.CreateJwtAuthorizerAsync(api.ApiId!, "cognito");

        var created = await _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest
        {
            ApiId = api.ApiId!,
            RouteKey = "GET /orders/{id}",
            Target = "integrations/" + integration.IntegrationId,
            AuthorizationType = "JWT",
            AuthorizerId = authorizer.AuthorizerId,
            AuthorizationScopes = ["orders.read"],
        });
        var listed = await _aws.HttpApi.GetAllRoutesAsync(api.ApiId!).ToListAsync();
        var updated = await _aws.HttpApi.UpdateRouteAsync(new UpdateRouteRequest
        {
            ApiId = api.ApiId!,
            RouteId = created.RouteId!,
            RouteKey = "POST /orders",
            AuthorizationType = "NONE",
        });
        var afterUpdate = await _aws.HttpApi.GetAllRoutesAsync(api.ApiId!).ToListAsync();

        var route = Assert.Single(listed);
        Assert.Equal(created.RouteId, route.RouteId);
        Assert.Equal("GET /orders/{id}", route.RouteKey);
        Assert.Equal("integrations/" + integration.IntegrationId, route.Target);
        Assert.Equal("JWT", route.AuthorizationType);
        Assert.Equal(authorizer.AuthorizerId, route.AuthorizerId);
        Assert.Equal(["orders.read"], route.AuthorizationScopes!);
        Assert.Equal("POST /orders", updated.RouteKey);
        Assert.Equal("NONE", updated.AuthorizationType);
        Assert.Equal("integrations/" + integration.IntegrationId, updated.Target);
        Assert.Equal("POST /orders", Assert.Single(afterUpdate).RouteKey);

        await _aws.HttpApi.DeleteRouteAsync(new DeleteRouteRequest { ApiId = api.ApiId!, RouteId = created.RouteId! });

        Assert.Empty(await _aws.HttpApi.GetAllRoutesAsync(api.ApiId!).ToListAsync());
    }

    [Fact]
    public async Task Authorizer_CreateListDelete_RoundTripsJwtConfiguration()
    {
        var api = await _aws.CreateApiAsync();

        var created = await _aws.CreateJwtAuthorizerAsync(api.ApiId!, "cognito", audience: "client-123");
        var listed = Assert.Single(await _aws.HttpApi.GetAllAuthorizersAsync(api.ApiId!).ToListAsync());

        Assert.Equal(created.AuthorizerId, listed.AuthorizerId);
        Assert.Equal("cognito", listed.Name);
        Assert.Equal("JWT", listed.AuthorizerType);
        Assert.Equal(["$request.header.Authorization"], listed.IdentitySource!);
        Assert.Equal(["client-123"], listed.JwtConfiguration!.Audience!);
        Assert.Equal($"https://cognito-idp.{_aws.Region}.amazonaws.com/{_aws.Region}_RoundTrip", listed.JwtConfiguration.Issuer);

        await _aws.HttpApi.DeleteAuthorizerAsync(new DeleteAuthorizerRequest { ApiId = api.ApiId!, AuthorizerId = created.AuthorizerId! });

        Assert.Empty(await _aws.HttpApi.GetAllAuthorizersAsync(api.ApiId!).ToListAsync());
    }

    [Fact]
    public async Task Integration_CreateListDelete_RoundTripsHttpProxySettings()
    {
        var api = await _aws.CreateApiAsync();

        var created = await _aws.HttpApi.CreateIntegrationAsync(new CreateIntegrationRequest
        {
            ApiId = api.ApiId!,
            IntegrationType = "HTTP_PROXY",
            IntegrationUri = "http://127.0.0.1:9/orders",
            IntegrationMethod = "ANY",
            PayloadFormatVersion = "1.0",
            TimeoutInMillis = 5000,
            Description = "orders backend",
        });
        var listed = Assert.Single(await _aws.HttpApi.GetAllIntegrationsAsync(api.ApiId!).ToListAsync());

        Assert.Equal(created.IntegrationId, listed.IntegrationId);
        Assert.Equal("HTTP_PROXY", listed.IntegrationType);
        Assert.Equal("http://127.0.0.1:9/orders", listed.IntegrationUri);
        Assert.Equal("ANY", listed.IntegrationMethod);
        Assert.Equal("1.0", listed.PayloadFormatVersion);
        Assert.Equal(5000, listed.TimeoutInMillis);
        Assert.Equal("orders backend", listed.Description);

        await _aws.HttpApi.DeleteIntegrationAsync(new DeleteIntegrationRequest { ApiId = api.ApiId!, IntegrationId = created.IntegrationId! });

        Assert.Empty(await _aws.HttpApi.GetAllIntegrationsAsync(api.ApiId!).ToListAsync());
    }

    [Fact]
    public async Task Stage_CreateAndList_RoundTripsAutoDeployAndTags_AndGoesWithTheApi()
    {
        var api = await _aws.CreateApiAsync();

        var created = await _aws.HttpApi.CreateStageAsync(new CreateStageRequest
        {
            ApiId = api.ApiId!,
            StageName = "$default",
            AutoDeploy = true,
            Description = "default stage",
            Tags = new() { ["owner"] = "round-trip" },
        });
        var listed = Assert.Single(await _aws.HttpApi.GetAllStagesAsync(api.ApiId!).ToListAsync());

        Assert.Equal("$default", created.StageName);
        Assert.Equal("$default", listed.StageName);
        Assert.True(listed.AutoDeploy);
        Assert.Equal("default stage", listed.Description);
        Assert.Equal("round-trip", listed.Tags!["owner"]);

        await _aws.HttpApi.DeleteApiAsync(new DeleteApiRequest { ApiId = api.ApiId! });

        var gone = await Assert.ThrowsAsync<AwsServiceException>(() => _aws.HttpApi.GetStagesAsync(new GetStagesRequest { ApiId = api.ApiId! }));
        Assert.Equal("NotFoundException", gone.ErrorCode);
    }

    [Fact]
    public async Task ApiTags_TagResourceByArn_GetTagsReturnsCreateTimeAndAddedTags()
    {
        var api = await _aws.CreateApiAsync(tags: new() { ["owner"] = "round-trip" });
        var arn = $"arn:aws:apigateway:{_aws.Region}::/apis/{api.ApiId}";

        await _aws.HttpApi.TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = new() { ["deployment"] = "d-42" } });
        var tags = (await _aws.HttpApi.GetTagsAsync(new GetTagsRequest { ResourceArn = arn })).Tags!;

        Assert.Equal("round-trip", tags["owner"]);
        Assert.Equal("d-42", tags["deployment"]);
        Assert.Equal(2, tags.Count);
    }
}
