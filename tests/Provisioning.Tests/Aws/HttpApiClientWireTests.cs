using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Tests.Aws.Support;

namespace SecureApi.Provisioning.Tests.Aws;

public sealed class HttpApiClientWireTests : IAsyncLifetime
{
    private const string TagArn = "arn:aws:apigateway:eu-west-1::/apis/abc123";
    private const string EscapedTagArn = "arn%3Aaws%3Aapigateway%3Aeu-west-1%3A%3A%2Fapis%2Fabc123";

    private AwsClientHarness _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsClientHarness.StartAsync();

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    public static TheoryData<string, string, string> Operations() => new()
    {
        { "CreateApi", "POST", "/v2/apis" },
        { "GetApi", "GET", "/v2/apis/abc123" },
        { "GetApis", "GET", "/v2/apis" },
        { "DeleteApi", "DELETE", "/v2/apis/abc123" },
        { "CreateRoute", "POST", "/v2/apis/abc123/routes" },
        { "GetRoutes", "GET", "/v2/apis/abc123/routes" },
        { "UpdateRoute", "PATCH", "/v2/apis/abc123/routes/r9x8" },
        { "DeleteRoute", "DELETE", "/v2/apis/abc123/routes/r9x8" },
        { "CreateAuthorizer", "POST", "/v2/apis/abc123/authorizers" },
        { "GetAuthorizers", "GET", "/v2/apis/abc123/authorizers" },
        { "DeleteAuthorizer", "DELETE", "/v2/apis/abc123/authorizers/au1" },
        { "CreateIntegration", "POST", "/v2/apis/abc123/integrations" },
        { "GetIntegrations", "GET", "/v2/apis/abc123/integrations" },
        { "DeleteIntegration", "DELETE", "/v2/apis/abc123/integrations/in1" },
        { "CreateStage", "POST", "/v2/apis/abc123/stages" },
        { "GetStages", "GET", "/v2/apis/abc123/stages" },
        { "TagResource", "POST", "/v2/tags/" + EscapedTagArn },
        { "GetTags", "GET", "/v2/tags/" + EscapedTagArn },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_UsesItsMethodAndPathAndCarriesAVerifiableSignature(string operation, string method, string rawTarget)
    {
        await CallAsync(_aws.HttpApi, operation);

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal(method, request.Method);
        Assert.Equal(rawTarget, request.RawTarget);
        Assert.Contains("/eu-west-1/apigateway/aws4_request", request.Header("Authorization"));
        Assert.Null(request.Header("X-Amz-Target"));
        if (method is "GET" or "DELETE")
        {
            Assert.Empty(request.BodyBytes);
        }
        else
        {
            Assert.Equal("application/json", request.Header("Content-Type"));
        }

        _aws.AssertSignatureVerifies(request);
    }

    [Fact]
    public async Task CreateAuthorizer_SendsCamelCaseBodyWithoutThePathBoundApiId()
    {
        await _aws.HttpApi.CreateAuthorizerAsync(new CreateAuthorizerRequest
        {
            ApiId = "abc123",
            Name = "cognito",
            IdentitySource = ["$request.header.Authorization"],
            JwtConfiguration = new JWTConfiguration { Audience = ["client1"], Issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc" },
        });

        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.False(body.TryGetProperty("apiId", out _));
        Assert.Equal("cognito", body.GetProperty("name").GetString());
        Assert.Equal("JWT", body.GetProperty("authorizerType").GetString());
        Assert.Equal("$request.header.Authorization", body.GetProperty("identitySource")[0].GetString());
        Assert.Equal("client1", body.GetProperty("jwtConfiguration").GetProperty("audience")[0].GetString());
        Assert.StartsWith("https://cognito-idp.", body.GetProperty("jwtConfiguration").GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task CreateRoute_KeepsAuthorizerIdInBodyButNotApiId()
    {
        await _aws.HttpApi.CreateRouteAsync(new CreateRouteRequest
        {
            ApiId = "abc123",
            RouteKey = "GET /users/{userId}",
            Target = "integrations/in1",
            AuthorizationType = "JWT",
            AuthorizerId = "au1",
        });

        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.False(body.TryGetProperty("apiId", out _));
        Assert.Equal("GET /users/{userId}", body.GetProperty("routeKey").GetString());
        Assert.Equal("au1", body.GetProperty("authorizerId").GetString());
        Assert.Equal("JWT", body.GetProperty("authorizationType").GetString());
        Assert.False(body.TryGetProperty("authorizationScopes", out _));
    }

    [Fact]
    public async Task UpdateRoute_SendsOnlyTheChangedMembers()
    {
        await _aws.HttpApi.UpdateRouteAsync(new UpdateRouteRequest { ApiId = "abc123", RouteId = "r9x8", AuthorizationType = "NONE" });

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal("""{"authorizationType":"NONE"}""", request.Body);
    }

    [Fact]
    public async Task CreateApi_KeepsTagKeysExactlyAsWritten()
    {
        await _aws.HttpApi.CreateApiAsync(new CreateApiRequest
        {
            Name = "orders",
            Tags = new() { ["secureapi:deployment"] = "d-1", ["Owner"] = "Team A" },
            CorsConfiguration = new Cors { AllowOrigins = ["https://app.example"], MaxAge = 300 },
        });

        var body = Assert.Single(_aws.Server.Requests).Json();
        Assert.Equal("HTTP", body.GetProperty("protocolType").GetString());
        Assert.Equal("Team A", body.GetProperty("tags").GetProperty("Owner").GetString());
        Assert.Equal("d-1", body.GetProperty("tags").GetProperty("secureapi:deployment").GetString());
        Assert.Equal(300, body.GetProperty("corsConfiguration").GetProperty("maxAge").GetInt32());
    }

    [Fact]
    public async Task TagResource_PutsTheArnInThePathOnlyAndTagsInTheBody()
    {
        await _aws.HttpApi.TagResourceAsync(new TagResourceRequest { ResourceArn = TagArn, Tags = new() { ["Env"] = "prod" } });

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal("/v2/tags/" + EscapedTagArn, request.RawTarget);
        Assert.Equal("""{"tags":{"Env":"prod"}}""", request.Body);
    }

    [Fact]
    public async Task GetApis_EncodesPlusSlashAndEqualsInTheQuery()
    {
        await _aws.HttpApi.GetApisAsync(new GetApisRequest { MaxResults = "2", NextToken = "a+b/c==" });

        var request = Assert.Single(_aws.Server.Requests);
        Assert.Equal("/v2/apis?maxResults=2&nextToken=a%2Bb%2Fc%3D%3D", request.RawTarget);
        _aws.AssertSignatureVerifies(request);
    }

    internal static Task CallAsync(IHttpApiClient api, string operation) => operation switch
    {
        "CreateApi" => api.CreateApiAsync(new() { Name = "orders" }),
        "GetApi" => api.GetApiAsync(new() { ApiId = "abc123" }),
        "GetApis" => api.GetApisAsync(new()),
        "DeleteApi" => api.DeleteApiAsync(new() { ApiId = "abc123" }),
        "CreateRoute" => api.CreateRouteAsync(new() { ApiId = "abc123", RouteKey = "GET /items" }),
        "GetRoutes" => api.GetRoutesAsync(new() { ApiId = "abc123" }),
        "UpdateRoute" => api.UpdateRouteAsync(new() { ApiId = "abc123", RouteId = "r9x8", AuthorizationType = "JWT", AuthorizerId = "au1" }),
        "DeleteRoute" => api.DeleteRouteAsync(new() { ApiId = "abc123", RouteId = "r9x8" }),
        "CreateAuthorizer" => api.CreateAuthorizerAsync(new() { ApiId = "abc123", Name = "jwt", IdentitySource = ["$request.header.Authorization"] }),
        "GetAuthorizers" => api.GetAuthorizersAsync(new() { ApiId = "abc123" }),
        "DeleteAuthorizer" => api.DeleteAuthorizerAsync(new() { ApiId = "abc123", AuthorizerId = "au1" }),
        "CreateIntegration" => api.CreateIntegrationAsync(new() { ApiId = "abc123", IntegrationType = "HTTP_PROXY", IntegrationUri = "https://backend.example", IntegrationMethod = "ANY", PayloadFormatVersion = "1.0" }),
        "GetIntegrations" => api.GetIntegrationsAsync(new() { ApiId = "abc123" }),
        "DeleteIntegration" => api.DeleteIntegrationAsync(new() { ApiId = "abc123", IntegrationId = "in1" }),
        "CreateStage" => api.CreateStageAsync(new() { ApiId = "abc123", StageName = "$default", AutoDeploy = true }),
        "GetStages" => api.GetStagesAsync(new() { ApiId = "abc123" }),
        "TagResource" => api.TagResourceAsync(new() { ResourceArn = TagArn, Tags = new() { ["k"] = "v" } }),
        "GetTags" => api.GetTagsAsync(new() { ResourceArn = TagArn }),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not an API Gateway operation of this client"),
    };
}
