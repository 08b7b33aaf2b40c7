using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

public sealed partial class ApiGatewayTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [GeneratedRegex("^[a-z0-9]{10}$")]
    private static partial Regex ApiId();

    [GeneratedRegex("^[a-z0-9]{7}$")]
    private static partial Regex ChildId();

    [Fact]
    public async Task CreateApi_Returns201_WithAwsShapedIdAndAnEndpointServedByTheSandbox()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Post, "/v2/apis", new
        {
            name = "orders", protocolType = "HTTP",
            corsConfiguration = new { allowOrigins = new[] { "https://app.example.com" }, allowMethods = new[] { "GET" }, maxAge = 300 },
            tags = new Dictionary<string, string> { ["owner"] = "team-a" },
        });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var apiId = reply.Body["apiId"]!.GetValue<string>();
        Assert.Matches(ApiId(), apiId);
        Assert.Equal($"{sandbox.Server.Endpoint}execute-api/{apiId}", reply.Body["apiEndpoint"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(reply.Body["createdDate"]!.GetValue<string>(), out _));
        Assert.Equal(300, reply.Body["corsConfiguration"]!["maxAge"]!.GetValue<int>());
        Assert.Equal("team-a", reply.Body["tags"]!["owner"]!.GetValue<string>());

        var fetched = await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("orders", fetched.Body["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("WEBSOCKET")]
    [InlineData("GRPC")]
    public async Task CreateApi_WithAnotherProtocol_IsBadRequest(string protocol)
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name = "ws", protocolType = protocol });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task GetApi_Unknown_Is404NotFound_WithAwsMessage()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Get, "/v2/apis/zzzzzzzzzz");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NotFoundException", reply.ErrorType);
        Assert.StartsWith("Invalid API identifier specified", reply.Message);
    }

    [Fact]
    public async Task GetApis_PagesWithMaxResultsAndNextToken()
    {
        using var client = sandbox.Client("ca-central-1");
        for (var i = 0; i < 3; i++)
        {
            await CreateApiAsync(client, $"paged{i}");
        }

        var first = await client.ApiAsync(HttpMethod.Get, "/v2/apis?maxResults=2");
        var token = first.Body["nextToken"]!.GetValue<string>();
        var second = await client.ApiAsync(HttpMethod.Get, $"/v2/apis?maxResults=2&nextToken={Uri.EscapeDataString(token)}");

        Assert.Equal(2, first.Body["items"]!.AsArray().Count);
        Assert.Single(second.Body["items"]!.AsArray());
        Assert.Null(second.Json!["nextToken"]);
        var ids = first.Body["items"]!.AsArray().Concat(second.Body["items"]!.AsArray()).Select(a => a!["apiId"]!.GetValue<string>()).ToList();
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task GetApis_WithNonNumericMaxResults_IsBadRequest()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Get, "/v2/apis?maxResults=many");

        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task DeleteApi_Returns204_AndRemovesRoutesIntegrationsAuthorizersAndStages()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "cascade");
        var integrationId = await CreateIntegrationAsync(client, apiId);
        var authorizerId = await CreateAuthorizerAsync(client, apiId);
        await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", target = $"integrations/{integrationId}", authorizationType = "JWT", authorizerId });
        await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", new { stageName = "$default", autoDeploy = true });

        var deleted = await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Null(deleted.Json);
        foreach (var child in new[] { "routes", "integrations", "authorizers", "stages" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/{child}")).Status);
        }

        lock (sandbox.Server.State.Gate)
        {
            Assert.False(sandbox.Server.State.Apis.ContainsKey(apiId));
        }
    }

    [Fact]
    public async Task CreateRoute_Returns201_WithSevenCharId_AndGetRoutesListsIt()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "routes");
        var integrationId = await CreateIntegrationAsync(client, apiId);

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /items/{id}", target = $"integrations/{integrationId}" });
        var listed = await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Matches(ChildId(), reply.Body["routeId"]!.GetValue<string>());
        Assert.Equal("NONE", reply.Body["authorizationType"]!.GetValue<string>());
        Assert.Equal("GET /items/{id}", Assert.Single(listed.Body["items"]!.AsArray())!["routeKey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("$default")]
    [InlineData("ANY /{proxy+}")]
    [InlineData("GET /")]
    [InlineData("OPTIONS /orders/{orderId}/lines/{line+}")]
    public async Task CreateRoute_WithValidRouteKey_IsCreated(string routeKey)
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "keys");

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey });

        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("FETCH /items")]
    [InlineData("GET items")]
    [InlineData("GET /{proxy+}/tail")]
    [InlineData("GET /a//b")]
    [InlineData("GET /items/{id")]
    [InlineData("GET /x{id}")]
    [InlineData("get /items")]
    [InlineData("$defaults")]
    public async Task CreateRoute_WithMalformedRouteKey_IsBadRequest(string routeKey)
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "badkeys");

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task CreateRoute_WithDuplicateKey_Is409Conflict()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "dupkey");
        await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a" });

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a" });

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("ConflictException", reply.ErrorType);
    }

    [Fact]
    public async Task CreateRoute_JwtWithoutExistingAuthorizer_IsBadRequest()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "jwt-missing");

        var withoutId = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", authorizationType = "JWT" });
        var unknownId = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /b", authorizationType = "JWT", authorizerId = "abc1234" });

        Assert.Equal("BadRequestException", withoutId.ErrorType);
        Assert.Equal("BadRequestException", unknownId.ErrorType);
    }

    [Fact]
    public async Task CreateRoute_WithUnknownIntegrationTarget_IsBadRequest()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "bad-target");

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", target = "integrations/nope123" });

        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task UpdateRoute_AttachesAuthorizer_KeepingOtherFields_ThenNoneDetachesIt()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "update");
        var integrationId = await CreateIntegrationAsync(client, apiId);
        var authorizerId = await CreateAuthorizerAsync(client, apiId);
        var routeId = (await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", target = $"integrations/{integrationId}" })).Body["routeId"]!.GetValue<string>();

        var secured = await client.ApiAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/routes/{routeId}", new { authorizationType = "JWT", authorizerId, authorizationScopes = new[] { "orders/read" } });
        var opened = await client.ApiAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/routes/{routeId}", new { authorizationType = "NONE" });

        Assert.Equal(HttpStatusCode.OK, secured.Status);
        Assert.Equal("JWT", secured.Body["authorizationType"]!.GetValue<string>());
        Assert.Equal(authorizerId, secured.Body["authorizerId"]!.GetValue<string>());
        Assert.Equal($"integrations/{integrationId}", secured.Body["target"]!.GetValue<string>());
        Assert.Equal("GET /a", secured.Body["routeKey"]!.GetValue<string>());
        Assert.Equal("NONE", opened.Body["authorizationType"]!.GetValue<string>());
        Assert.Null(opened.Body["authorizerId"]);
    }

    [Fact]
    public async Task UpdateRoute_ToAnExistingKey_IsConflict_AndUnknownRouteIsNotFound()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "update-conflict");
        await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a" });
        var routeId = (await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /b" })).Body["routeId"]!.GetValue<string>();

        var conflict = await client.ApiAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/routes/{routeId}", new { routeKey = "GET /a" });
        var missing = await client.ApiAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/routes/zzzzzzz", new { routeKey = "GET /c" });

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NotFoundException", missing.ErrorType);
    }

    [Fact]
    public async Task DeleteRoute_Returns204_AndTheRouteIsGone()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "delroute");
        var routeId = (await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a" })).Body["routeId"]!.GetValue<string>();

        var deleted = await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/routes/{routeId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Empty((await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/routes")).Body["items"]!.AsArray());
    }

    [Fact]
    public async Task CreateAuthorizer_Jwt_Returns201_AndGetAuthorizersListsIt()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "auth");

        var authorizerId = await CreateAuthorizerAsync(client, apiId);
        var listed = await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/authorizers");

        Assert.Matches(ChildId(), authorizerId);
        var item = Assert.Single(listed.Body["items"]!.AsArray())!;
        Assert.Equal("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123xyZ", item["jwtConfiguration"]!["issuer"]!.GetValue<string>());
        Assert.Equal("$request.header.Authorization", item["identitySource"]![0]!.GetValue<string>());
    }

    public static TheoryData<string> InvalidAuthorizers() => new()
    {
        """{"name":"a","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["x"]}}""",
        """{"name":"a","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"issuer":"https://issuer.example.com"}}""",
        """{"name":"a","authorizerType":"JWT","identitySource":["$request.header.Authorization","$request.querystring.token"],"jwtConfiguration":{"issuer":"https://i.example.com","audience":["x"]}}""",
        """{"name":"a","authorizerType":"JWT","identitySource":["Authorization"],"jwtConfiguration":{"issuer":"https://i.example.com","audience":["x"]}}""",
        """{"name":"a","authorizerType":"JWT","identitySource":["$request.header.Authorization"]}""",
        """{"name":"a","authorizerType":"COGNITO","identitySource":["$request.header.Authorization"]}""",
    };

    [Theory]
    [MemberData(nameof(InvalidAuthorizers))]
    public async Task CreateAuthorizer_Invalid_IsBadRequest(string body)
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "bad-auth");

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/authorizers", body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task CreateAuthorizer_EleventhOnOneApi_IsRefused()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "many-auth");
        for (var i = 0; i < 10; i++)
        {
            await CreateAuthorizerAsync(client, apiId);
        }

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/authorizers", AuthorizerBody());

        Assert.Equal("BadRequestException", reply.ErrorType);
        Assert.Contains("Maximum number of Authorizers", reply.Message);
    }

    [Fact]
    public async Task DeleteAuthorizer_UsedByRoute_IsRefused_ThenAllowedOnceTheRouteLetsGo()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "del-auth");
        var authorizerId = await CreateAuthorizerAsync(client, apiId);
        var routeId = (await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes", new { routeKey = "GET /a", authorizationType = "JWT", authorizerId })).Body["routeId"]!.GetValue<string>();

        var refused = await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/authorizers/{authorizerId}");
        await client.ApiAsync(HttpMethod.Patch, $"/v2/apis/{apiId}/routes/{routeId}", new { authorizationType = "NONE" });
        var deleted = await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/authorizers/{authorizerId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("ConflictException", refused.ErrorType);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Empty((await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/authorizers")).Body["items"]!.AsArray());
    }

    [Fact]
    public async Task CreateIntegration_HttpProxy_DefaultsPayloadFormat10_AndDeleteReturns204()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "integration");

        var created = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations", new { integrationType = "HTTP_PROXY", integrationUri = "http://127.0.0.1:9/backend", integrationMethod = "ANY" });
        var integrationId = created.Body["integrationId"]!.GetValue<string>();
        var listed = await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/integrations");
        var deleted = await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/integrations/{integrationId}");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Matches(ChildId(), integrationId);
        Assert.Equal("1.0", created.Body["payloadFormatVersion"]!.GetValue<string>());
        Assert.Single(listed.Body["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.ApiAsync(HttpMethod.Delete, $"/v2/apis/{apiId}/integrations/{integrationId}")).Status);
    }

    [Theory]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationMethod":"GET"}""")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationUri":"relative/path","integrationMethod":"GET"}""")]
    [InlineData("""{"integrationType":"HTTP_PROXY","integrationUri":"http://127.0.0.1:9/"}""")]
    [InlineData("""{"integrationType":"MOCK"}""")]
    public async Task CreateIntegration_Invalid_IsBadRequest(string body)
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "bad-integration");

        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations", body);

        Assert.Equal("BadRequestException", reply.ErrorType);
    }

    [Fact]
    public async Task CreateStage_DefaultWithAutoDeploy_Returns201_AndDuplicateIsConflict()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "stage");

        var created = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", new { stageName = "$default", autoDeploy = true });
        var duplicate = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/stages", new { stageName = "$default", autoDeploy = true });
        var listed = await client.ApiAsync(HttpMethod.Get, $"/v2/apis/{apiId}/stages");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.True(created.Body["autoDeploy"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        Assert.Equal("$default", Assert.Single(listed.Body["items"]!.AsArray())!["stageName"]!.GetValue<string>());
    }

    [Fact]
    public async Task TagResource_WithEncodedArn_Returns201_AndGetTagsReturnsThem()
    {
        using var client = sandbox.Client();
        var apiId = await CreateApiAsync(client, "tags");
        var arn = Uri.EscapeDataString($"arn:aws:apigateway:us-east-1::/apis/{apiId}");

        var tagged = await client.ApiAsync(HttpMethod.Post, $"/v2/tags/{arn}", new { tags = new Dictionary<string, string> { ["env"] = "dev" } });
        var tags = await client.ApiAsync(HttpMethod.Get, $"/v2/tags/{arn}");

        Assert.Equal(HttpStatusCode.Created, tagged.Status);
        Assert.Equal(HttpStatusCode.OK, tags.Status);
        Assert.Equal("dev", tags.Body["tags"]!["env"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetTags_UnknownApiArn_IsNotFound()
    {
        using var client = sandbox.Client();

        var reply = await client.ApiAsync(HttpMethod.Get, $"/v2/tags/{Uri.EscapeDataString("arn:aws:apigateway:us-east-1::/apis/zzzzzzzzzz")}");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NotFoundException", reply.ErrorType);
    }

    internal static async Task<string> CreateApiAsync(AwsTestClient client, string name)
    {
        var reply = await client.ApiAsync(HttpMethod.Post, "/v2/apis", new { name, protocolType = "HTTP" });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body["apiId"]!.GetValue<string>();
    }

    private static async Task<string> CreateIntegrationAsync(AwsTestClient client, string apiId)
    {
        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/integrations", new { integrationType = "HTTP_PROXY", integrationUri = "http://127.0.0.1:9/", integrationMethod = "ANY" });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body["integrationId"]!.GetValue<string>();
    }

    private static async Task<string> CreateAuthorizerAsync(AwsTestClient client, string apiId)
    {
        var reply = await client.ApiAsync(HttpMethod.Post, $"/v2/apis/{apiId}/authorizers", AuthorizerBody());
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Body["authorizerId"]!.GetValue<string>();
    }

    private static JsonObject AuthorizerBody() => new()
    {
        ["name"] = "cognito",
        ["authorizerType"] = "JWT",
        ["identitySource"] = new JsonArray("$request.header.Authorization"),
        ["jwtConfiguration"] = new JsonObject
        {
            ["issuer"] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123xyZ",
            ["audience"] = new JsonArray("client1"),
        },
    };
}
