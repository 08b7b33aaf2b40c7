using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SecureApi.Sandbox.Tests.TestSupport;

namespace SecureApi.Sandbox.Tests;

/// <summary>
/// The console walkthrough, done with only the standard AWS wire calls against the Sandbox: the last step is the
/// endpoint answering 401 without a token and 200 with an access token from the pool.
/// </summary>
public sealed class WalkthroughTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task ConsoleWalkthrough_WithOnlyWireCalls_Answers401WithoutTokenAnd200WithAccessToken()
    {
        using var aws = sandbox.Client("us-east-1");

        var api = (await aws.ApiAsync(HttpMethod.Post, "v2/apis", new { name = "users-api", protocolType = "HTTP" })).Body;
        var apiId = api["apiId"]!.GetValue<string>();
        var apiEndpoint = api["apiEndpoint"]!.GetValue<string>();

        var pool = (await aws.CognitoAsync("CreateUserPool", new { PoolName = "users", UsernameAttributes = new[] { "email" } })).Body["UserPool"]!;
        var poolId = pool["Id"]!.GetValue<string>();
        var client = (await aws.CognitoAsync("CreateUserPoolClient", new
        {
            UserPoolId = poolId,
            ClientName = "users-api-client",
            ExplicitAuthFlows = new[] { "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH" },
        })).Body["UserPoolClient"]!;
        var clientId = client["ClientId"]!.GetValue<string>();

        var authorizer = await aws.ApiAsync(HttpMethod.Post, $"v2/apis/{apiId}/authorizers", new
        {
            name = "CognitoUserAuth",
            authorizerType = "JWT",
            identitySource = new[] { "$request.header.Authorization" },
            jwtConfiguration = new { issuer = $"https://cognito-idp.us-east-1.amazonaws.com/{poolId}", audience = new[] { clientId } },
        });
        Assert.Equal(HttpStatusCode.Created, authorizer.Status);
        var integration = await aws.ApiAsync(HttpMethod.Post, $"v2/apis/{apiId}/integrations", new
        {
            integrationType = "HTTP_PROXY",
            integrationMethod = "GET",
            integrationUri = new Uri(aws.Endpoint, "_sandbox/echo/users/{userId}").ToString(),
            payloadFormatVersion = "1.0",
        });
        var route = await aws.ApiAsync(HttpMethod.Post, $"v2/apis/{apiId}/routes", new
        {
            routeKey = "GET /users/{userId}",
            authorizationType = "JWT",
            authorizerId = authorizer.Body["authorizerId"]!.GetValue<string>(),
            target = "integrations/" + integration.Body["integrationId"]!.GetValue<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, route.Status);
        var stage = await aws.ApiAsync(HttpMethod.Post, $"v2/apis/{apiId}/stages", new { stageName = "$default", autoDeploy = true });
        Assert.Equal(HttpStatusCode.Created, stage.Status);

        const string password = "Walkthrough-Passw0rd!";
        await aws.CognitoAsync("AdminCreateUser", new { UserPoolId = poolId, Username = "ana@example.com", MessageAction = "SUPPRESS" });
        await aws.CognitoAsync("AdminSetUserPassword", new { UserPoolId = poolId, Username = "ana@example.com", Password = password, Permanent = true });
        var auth = await aws.CognitoAsync("AdminInitiateAuth", new
        {
            UserPoolId = poolId,
            ClientId = clientId,
            AuthFlow = "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters = new Dictionary<string, string> { ["USERNAME"] = "ana@example.com", ["PASSWORD"] = password },
        });
        var accessToken = auth.Body["AuthenticationResult"]!["AccessToken"]!.GetValue<string>();

        using var http = new HttpClient();
        var anonymous = await http.GetAsync($"{apiEndpoint}/users/101");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Unauthorized", JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());

        using var withToken = new HttpRequestMessage(HttpMethod.Get, $"{apiEndpoint}/users/101");
        withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var authorized = await http.SendAsync(withToken);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        var echo = JsonNode.Parse(await authorized.Content.ReadAsStringAsync())!;
        Assert.Equal("GET", echo["method"]!.GetValue<string>());
        Assert.EndsWith("/users/101", echo["path"]!.GetValue<string>());
    }
}
