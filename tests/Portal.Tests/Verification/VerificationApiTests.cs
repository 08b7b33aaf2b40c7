using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Api;
using SecureApi.Portal.Security;
using SecureApi.Provisioning;
using SecureApi.Provisioning.Aws;
using SecureApi.Sandbox;

namespace SecureApi.Portal.Tests.Verification;

/// <summary>The deployments and verification API on 127.0.0.1, provisioning against the Sandbox over HTTP.</summary>
public sealed class VerificationApiTests : IAsyncLifetime
{
    private const string LocalToken = "verification-api-tests-local-token-0123456789ab";

    private readonly string _data = Directory.CreateTempSubdirectory("secureapi-verify-api-").FullName;
    private SandboxServer _sandbox = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Url = "http://127.0.0.1:0" });
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _data, EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Records:DataDirectory"] = _data,
            ["Provisioning:QueuePollInterval"] = "00:00:00.250",
            ["Provisioning:DriftCheckEnabled"] = "false",
            ["Verification:VerifyAfterCreate"] = "false",
            ["Auth:LocalToken"] = LocalToken,
        });
        builder.AddProvisioning();
        builder.AddPortalSecurity();
        builder.Services.PostConfigure<AwsClientOptions>(aws =>
        {
            aws.ServiceUrl = _sandbox.Endpoint.ToString();
            aws.Credentials = new BasicAWSCredentials("test", "test");
            aws.Region = "us-east-1";
            aws.UseEndpointEnvironmentVariables = false;
        });
        _app = builder.Build();
        _app.UsePortalSecurity();
        _app.MapDeploymentsApi();
        _app.MapVerificationApi();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Signed in as a script would be: the local token as a bearer token.
        _client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(120) };
        _client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", LocalToken);
    }

    [Fact]
    public async Task Verify_Returns200WithTheRun_AndDetailsAndHistoryShowIt()
    {
        var id = await CreateActiveAsync();

        var response = await _client.PostAsync($"/api/deployments/{id}/verify", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Pass", run.GetProperty("outcome").GetString());
        Assert.False(run.GetProperty("waited").GetBoolean());
        Assert.True(run.GetProperty("startedAt").GetDateTimeOffset() <= run.GetProperty("completedAt").GetDateTimeOffset());
        var checks = run.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(5, checks.Count);
        var first = checks[0];
        Assert.Equal("GET /users/{userId}", first.GetProperty("route").GetString());
        Assert.Equal("no-token", first.GetProperty("check").GetString());
        Assert.Equal("401", first.GetProperty("expected").GetString());
        Assert.Equal(401, first.GetProperty("status").GetInt32());
        Assert.True(first.GetProperty("passed").GetBoolean());
        Assert.True(first.GetProperty("applicable").GetBoolean());
        Assert.True(first.GetProperty("latencyMs").GetInt64() >= 0);
        Assert.Equal(JsonValueKind.String, first.GetProperty("at").ValueKind);
        Assert.Equal("authorizer passed; integration answered 200", checks[1].GetProperty("detail").GetString());

        var details = await _client.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}");
        Assert.Equal(run.GetProperty("id").GetString(), details.GetProperty("latestVerification").GetProperty("id").GetString());
        Assert.Equal("Pass", details.GetProperty("lastVerificationOutcome").GetString());
        Assert.Equal("Active", details.GetProperty("state").GetString());
        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}/verifications");
        Assert.Equal(run.GetProperty("id").GetString(), Assert.Single(history.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Verify_UnknownDeployment_Is404()
    {
        var response = await _client.PostAsync($"/api/deployments/{Guid.NewGuid()}/verify", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Verify_DeletedDeployment_Is409WithTheReason()
    {
        var id = await CreateActiveAsync();
        (await _client.DeleteAsync($"/api/deployments/{id}")).EnsureSuccessStatusCode();
        await WaitForStateAsync(id, "Deleted");

        var response = await _client.PostAsync($"/api/deployments/{id}/verify", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nothing left to verify", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Verify_ExistingPoolWithoutConsent_Is409_AndWithConsentInTheBodyPasses()
    {
        var pool = await ExistingPoolAsync();
        var id = await CreateActiveAsync(pool);

        var refused = await _client.PostAsync($"/api/deployments/{id}/verify", Json("{}"));
        var allowed = await _client.PostAsync($"/api/deployments/{id}/verify", Json("{\"allowTestUserInExistingPool\":true}"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("existing user pool", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("Pass", (await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Verify_MalformedBody_Is400()
    {
        var id = await CreateActiveAsync();

        var response = await _client.PostAsync($"/api/deployments/{id}/verify", Json("{not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> ExistingPoolAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwsClients(aws =>
        {
            aws.ServiceUrl = _sandbox.Endpoint.ToString();
            aws.Credentials = new BasicAWSCredentials("test", "test");
            aws.Region = "us-east-1";
            aws.UseEndpointEnvironmentVariables = false;
        });
        await using var provider = services.BuildServiceProvider();
        var created = await provider.GetRequiredService<IAwsClients>().Cognito("us-east-1")
            .CreateUserPoolAsync(new() { PoolName = "team-pool" });
        return created.UserPool!.Id!;
    }

    private async Task<string> CreateActiveAsync(string? existingPoolId = null)
    {
        var pool = existingPoolId is null ? "{\"name\":\"users\",\"signInWith\":[\"email\"]}" : $"{{\"existingPoolId\":\"{existingPoolId}\"}}";
        var body = $$$"""
            {"region":"us-east-1","api":{"name":"users-api"},"routes":["GET /users/{userId}"],
             "userPool":{{{pool}}},"integration":{"method":"ANY","url":"{{{_sandbox.Endpoint}}}_sandbox/echo"}}
            """;
        var response = await _client.PostAsync("/api/deployments", Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForStateAsync(id, "Active");
        return id;
    }

    private async Task WaitForStateAsync(string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var details = await _client.GetFromJsonAsync<JsonElement>($"/api/deployments/{id}");
            if (details.GetProperty("state").GetString() == state)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Deployment stayed {details.GetProperty("state").GetString()}.");
            await Task.Delay(50);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
