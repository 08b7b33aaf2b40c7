using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Sandbox.DataPlane.Tokens;

namespace SecureApi.Sandbox.Tests.DataPlane;

/// <summary>The issue's matrix, through the gateway over real HTTP, with tokens from the Sandbox's own Cognito.</summary>
[Collection(DataPlaneCollection.Name)]
public sealed class GatewayMatrixTests(DataPlaneFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task ProtectedRoute_WithoutToken_Answers401Unauthorized()
    {
        using var response = await Http.GetAsync($"{fixture.ApiEndpoint}/users/101");

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProtectedRoute_WithMalformedToken_Answers401WithInvalidTokenChallenge()
    {
        using var response = await SendAsync("/users/101", "not-a-jwt");

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProtectedRoute_WithTokenSignedByAnotherKeyUnderThePoolsKid_Answers401()
    {
        var genuine = new JsonWebToken(fixture.AccessToken());
        using var foreignKey = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(
            Base64UrlEncoder.Decode(genuine.EncodedPayload),
            new SigningCredentials(new RsaSecurityKey(foreignKey) { KeyId = genuine.Kid }, SecurityAlgorithms.RsaSha256));

        using var response = await SendAsync("/users/101", forged);

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("signature", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProtectedRoute_WithExpiredToken_Answers401()
    {
        var earlier = new TokenIssuer(fixture.Services.GetRequiredService<SigningKeyStore>(), new FixedTimeProvider(DateTimeOffset.UtcNow.AddHours(-3)));
        var expired = earlier.Issue(new TokenSubject(
            DataPlaneFixture.PoolId, DataPlaneFixture.Region, DataPlaneFixture.ClientId, DataPlaneFixture.Username, Guid.NewGuid().ToString(),
            new Dictionary<string, string>(), TimeSpan.FromHours(1), TimeSpan.FromHours(1), DateTimeOffset.UtcNow.AddHours(-3)));

        using var response = await SendAsync("/users/101", expired.AccessToken);

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProtectedRoute_WithTokenFromAnotherSandboxPool_Answers401()
    {
        using var response = await SendAsync("/users/101", fixture.AccessToken(DataPlaneFixture.OtherPoolClientId));

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task CognitoProtectedRoute_WithTokenFromExternalIssuer_Answers401()
    {
        using var response = await SendAsync("/users/101", fixture.External.CreateToken(DataPlaneFixture.ClientId));

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task ExternalIssuerRoute_WithValidTokenFromThatIssuer_ReachesIntegration()
    {
        using var response = await SendAsync("/partner", fixture.External.CreateToken(DataPlaneFixture.ExternalAudience));

        var echo = await AssertEchoAsync(response);
        Assert.Equal("/fixed", echo["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExternalIssuerRoute_WithTokenForAnotherAudience_Answers401WithAudienceDescription()
    {
        using var response = await SendAsync("/partner", fixture.External.CreateToken("someone-else"));

        await AssertGatewayErrorAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("the token does not have a valid audience", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ProtectedRoute_WithIdTokenOfTheRightClient_ReachesIntegrationWithPathParameter()
    {
        using var response = await SendAsync("/users/101", fixture.IdToken());

        var echo = await AssertEchoAsync(response);
        Assert.Equal("/users/101", echo["path"]!.GetValue<string>());
        Assert.Equal("GET", echo["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProtectedRoute_WithAccessTokenOfTheRightClient_ReachesIntegration()
    {
        using var response = await SendAsync("/users/101", fixture.AccessToken());

        var echo = await AssertEchoAsync(response);
        Assert.Equal("/users/101", echo["path"]!.GetValue<string>());
        Assert.True(echo["authorizationPresent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ProtectedRoute_WithBareTokenWithoutBearerPrefix_ReachesIntegration()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiEndpoint}/users/101");
        request.Headers.TryAddWithoutValidation("Authorization", fixture.AccessToken());

        using var response = await Http.SendAsync(request);

        await AssertEchoAsync(response);
    }

    [Fact]
    public async Task QueryStringIdentitySource_ReadsTheTokenFromTheQuery_AndNotFromTheHeader()
    {
        var token = fixture.AccessToken();
        using var fromQuery = await Http.GetAsync($"{fixture.ApiEndpoint}/by-query?access_token={token}");
        using var fromHeader = await SendAsync("/by-query", token);

        await AssertEchoAsync(fromQuery);
        await AssertGatewayErrorAsync(fromHeader, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task ProtectedRoute_WithTokenOfAnotherClient_Answers401()
    {
        using var idResponse = await SendAsync("/users/101", fixture.IdToken(DataPlaneFixture.OtherClientId));
        using var accessResponse = await SendAsync("/users/101", fixture.AccessToken(DataPlaneFixture.OtherClientId));

        await AssertGatewayErrorAsync(idResponse, HttpStatusCode.Unauthorized, "Unauthorized");
        await AssertGatewayErrorAsync(accessResponse, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains("audience", accessResponse.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task ScopedRoute_WithTokenLackingTheScope_Answers403Forbidden()
    {
        using var response = await SendAsync("/orders", fixture.AccessToken());

        await AssertGatewayErrorAsync(response, HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task ScopedRoute_WithAccessTokenCarryingTheScope_ReachesIntegration_ButIdTokenIsForbidden()
    {
        using var withAccess = await SendAsync("/profile", fixture.AccessToken());
        using var withId = await SendAsync("/profile", fixture.IdToken());

        await AssertEchoAsync(withAccess);
        await AssertGatewayErrorAsync(withId, HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task UnprotectedGreedyRoute_ForwardsTheGreedyPathAndTheQueryString()
    {
        using var response = await Http.GetAsync($"{fixture.ApiEndpoint}/public/reports/2024/q1.csv?format=csv&tag=a&tag=b");

        var echo = await AssertEchoAsync(response);
        Assert.Equal("/files/reports/2024/q1.csv", echo["path"]!.GetValue<string>());
        Assert.Equal("csv", echo["query"]!["format"]!.GetValue<string>());
        Assert.Equal("a,b", echo["query"]!["tag"]!.GetValue<string>());
        Assert.False(echo["authorizationPresent"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UnprotectedRoute_ForwardsMethodAndBody()
    {
        using var response = await Http.PostAsync($"{fixture.ApiEndpoint}/public/upload", new StringContent("{\"n\":1}", System.Text.Encoding.UTF8, "application/json"));

        var echo = await AssertEchoAsync(response);
        Assert.Equal("POST", echo["method"]!.GetValue<string>());
        Assert.Equal("{\"n\":1}", echo["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExactRoute_BeatsParameterRoute_AndMethodRouteBeatsAny()
    {
        using var exact = await SendAsync("/users/me", fixture.AccessToken());
        using var anyMethod = await Http.DeleteAsync($"{fixture.ApiEndpoint}/users/101");

        Assert.Equal("/fixed", (await AssertEchoAsync(exact))["path"]!.GetValue<string>());
        var echo = await AssertEchoAsync(anyMethod);
        Assert.Equal("DELETE", echo["method"]!.GetValue<string>());
        Assert.Equal("/fixed", echo["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownRoute_Answers404NotFound()
    {
        using var response = await Http.GetAsync($"{fixture.ApiEndpoint}/nothing/here");

        await AssertGatewayErrorAsync(response, HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task ApiWithoutAutoDeployedDefaultStage_Answers404NotFound()
    {
        using var response = await Http.GetAsync($"{fixture.SandboxUrl}execute-api/{DataPlaneFixture.UndeployedApiId}/ping");

        await AssertGatewayErrorAsync(response, HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task DefaultRoute_PassesTheFullPathToTheIntegration()
    {
        using var response = await Http.GetAsync($"{fixture.SandboxUrl}execute-api/{DataPlaneFixture.DefaultRouteApiId}/any/path/at/all?x=1");

        var echo = await AssertEchoAsync(response);
        Assert.Equal("/any/path/at/all", echo["path"]!.GetValue<string>());
        Assert.Equal("1", echo["query"]!["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnreachableIntegration_Answers500InternalServerError_WithoutHanging()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await Http.GetAsync($"{fixture.ApiEndpoint}/down", bounded.Token);

        await AssertGatewayErrorAsync(response, HttpStatusCode.InternalServerError, "Internal Server Error");
    }

    [Fact]
    public async Task IntegrationSlowerThanItsTimeout_Answers503ServiceUnavailable()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await Http.GetAsync($"{fixture.ApiEndpoint}/slow", bounded.Token);

        await AssertGatewayErrorAsync(response, HttpStatusCode.ServiceUnavailable, "Service Unavailable");
    }

    [Fact]
    public async Task CorsPreflight_FromAllowedOrigin_IsAnsweredByTheGatewayWithoutTheAuthorizer()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, $"{fixture.ApiEndpoint}/users/101");
        request.Headers.Add("Origin", DataPlaneFixture.AllowedOrigin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(DataPlaneFixture.AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("authorization,content-type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("300", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task CorsPreflight_FromOtherOrigin_GetsNoAllowHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, $"{fixture.ApiEndpoint}/users/101");
        request.Headers.Add("Origin", "https://evil.example.net");
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ResponsesToAllowedOrigin_CarryCorsHeaders_AndEveryResponseCarriesRequestIds()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiEndpoint}/users/101");
        request.Headers.Add("Origin", DataPlaneFixture.AllowedOrigin);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(DataPlaneFixture.AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("x-request-id", Header(response, "Access-Control-Expose-Headers"));
        Assert.False(string.IsNullOrEmpty(Header(response, "apigw-requestid")));
        Assert.Equal(Header(response, "apigw-requestid"), Header(response, "x-amzn-RequestId"));
    }

    private Task<HttpResponseMessage> SendAsync(string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, fixture.ApiEndpoint + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request);
    }

    private static async Task AssertGatewayErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal($"{{\"message\":\"{message}\"}}", await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> AssertEchoAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200 from the echo target, got {(int)response.StatusCode}: {body} {response.Headers.WwwAuthenticate}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
