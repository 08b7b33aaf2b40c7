using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using SecureApi.Portal.Api;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Api;

public sealed class DeploymentsApiTests : IAsyncLifetime
{
    private const string ValidBody = """
        {"region":"us-east-1","api":{"name":"users-api"},"routes":["GET /users/{userId}"],
         "userPool":{"name":"users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
        """;

    private readonly ApiHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Post_ValidSpec_Returns202WithLocation_ThenDetailsShowTheAwsIdsByName()
    {
        var response = await PostAsync("/api/deployments", ValidBody);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/api/deployments/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Pending", created.GetProperty("state").GetString());

        var details = await WaitForStateAsync(response.Headers.Location!.OriginalString, "Active");
        var userPoolId = details.GetProperty("userPoolId").GetString();
        Assert.Equal($"https://cognito-idp.us-east-1.amazonaws.com/{userPoolId}", details.GetProperty("issuer").GetString());
        Assert.Equal(details.GetProperty("clientId").GetString(), details.GetProperty("audience").GetString());
        Assert.StartsWith("https://", details.GetProperty("invokeUrl").GetString());
        foreach (var name in new[] { "apiId", "authorizerId", "integrationId", "stageName", "startedAt", "completedAt" })
        {
            Assert.False(string.IsNullOrEmpty(details.GetProperty(name).GetString()), name);
        }

        var route = Assert.Single(details.GetProperty("routes").EnumerateArray());
        Assert.Equal("GET /users/{userId}", route.GetProperty("routeKey").GetString());
        Assert.NotNull(route.GetProperty("routeId").GetString());
        var journal = details.GetProperty("journal").EnumerateArray().ToList();
        Assert.Equal(7, journal.Count);
        Assert.All(journal, j =>
        {
            Assert.Equal("Succeeded", j.GetProperty("state").GetString());
            Assert.True(j.GetProperty("startedAt").GetDateTimeOffset() <= j.GetProperty("endedAt").GetDateTimeOffset());
        });
    }

    [Fact]
    public async Task Post_InvalidSpec_Returns400WithFieldErrorsAndMakesNoAwsCall()
    {
        var response = await PostAsync("/api/deployments", """
            {"region":"us-east-1","api":{"name":""},"routes":["GET users"],
             "userPool":{"name":"users","signInWith":["email"]},"integration":{"method":"GET","url":"ftp://x"}}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("api.name", out _));
        Assert.True(errors.TryGetProperty("routes[0]", out _));
        Assert.True(errors.TryGetProperty("integration.url", out _));
        Assert.Empty(_host.Aws.Calls);
    }

    [Fact]
    public async Task UnknownId_Returns404ForGetDeleteAndDriftCheck()
    {
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync($"/api/deployments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.DeleteAsync($"/api/deployments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.PostAsync($"/api/deployments/{id}/drift-check", null)).StatusCode);
    }

    [Fact]
    public async Task List_PagesAndFiltersByState_WithTotalCount()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await PostAsync("/api/deployments", ValidBody.Replace("users-api", $"api-{i}"));
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        foreach (var id in ids)
        {
            await WaitForStateAsync($"/api/deployments/{id}", "Active");
        }

        var page = await _host.Client.GetFromJsonAsync<JsonElement>("/api/deployments?page=2&pageSize=2&state=active");
        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("api-0", item.GetProperty("name").GetString());
        Assert.Equal("Active", item.GetProperty("state").GetString());

        var none = await _host.Client.GetFromJsonAsync<JsonElement>("/api/deployments?state=Failed");
        Assert.Equal(0, none.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.GetAsync("/api/deployments?state=Sleeping")).StatusCode);
    }

    [Fact]
    public async Task DriftCheck_Returns200WithState_AndDelete_Returns202ThenDeleted()
    {
        var created = await PostAsync("/api/deployments", ValidBody);
        var location = created.Headers.Location!.OriginalString;
        await WaitForStateAsync(location, "Active");

        var drift = await _host.Client.PostAsync($"{location}/drift-check", null);
        Assert.Equal(HttpStatusCode.OK, drift.StatusCode);
        Assert.Equal("Active", (await drift.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        var delete = await _host.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await WaitForStateAsync(location, "Deleted");
        Assert.Equal(0, (await _host.Client.GetFromJsonAsync<JsonElement>("/api/deployments")).GetProperty("totalCount").GetInt32());

        // Deleting again is no error: it is already done.
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Client.DeleteAsync(location)).StatusCode);
        var afterDelete = await _host.Client.PostAsync($"{location}/drift-check", null);
        Assert.Equal(HttpStatusCode.Conflict, afterDelete.StatusCode);
    }

    [Fact]
    public void CallerAccessor_MapsClaims_AndRefusesTheUnauthenticated()
    {
        var anonymous = new DefaultHttpContext();
        Assert.Throws<AccessDeniedException>(() => ClaimsCallerAccessor.Instance.GetCaller(anonymous));

        var signedIn = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", "u-42"), new Claim("name", "Olga"), new Claim(ClaimTypes.Role, "Operator")], "test")),
        };
        Assert.Equal(new Caller("u-42", "Olga", CallerRole.Operator), ClaimsCallerAccessor.Instance.GetCaller(signedIn));
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _host.Client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    private async Task<JsonElement> WaitForStateAsync(string location, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var details = await _host.Client.GetFromJsonAsync<JsonElement>(location);
            if (details.GetProperty("state").GetString() == state)
            {
                return details;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {details.GetProperty("state").GetString()}: {details.GetProperty("error")}");
            await Task.Delay(50);
        }
    }
}
