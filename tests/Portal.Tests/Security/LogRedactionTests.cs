using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Aws;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Keys;
using SecureApi.Provisioning.Records;
using Xunit.Abstractions;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// Every log entry (all categories, Trace and up, exceptions included) of a whole session — sign-in, create with an
/// app client secret, verification with a test user and its tokens, drift check, delete, scripts with the local token, a rejected token — holds no secret.
/// </summary>
public sealed class LogRedactionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SpecWithSecret = """
        {"region":"us-east-1","api":{"name":"logged-api"},"routes":["GET /users/{userId}"],
         "userPool":{"name":"logged-users","signInWith":["email"]},"appClient":{"generateSecret":true},
         "integration":{"method":"GET","url":"https://example.com"}}
        """;

    private SecurityPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await SecurityPortal.StartLocalAsync();

    public Task DisposeAsync() => _portal.DisposeAsync().AsTask();

    [Fact]
    public async Task FullSession_LeavesNoTokenSecretOrPasswordInAnyLogEntry()
    {
        using var browser = await _portal.SignedInBrowserAsync();
        using var script = _portal.Client(SecurityPortal.LocalToken);
        using var stranger = _portal.Client("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/deployments")).StatusCode);
        var created = await browser.PostAsync("/api/deployments", new StringContent(SpecWithSecret, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var details = await WaitForStateAsync(script, location, "Active");
        var clientSecret = await ClientSecretAsync(details);
        var verify = await browser.PostAsync($"{location}/verify", null);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Equal("Pass", (await verify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        var password = await TestUserPasswordAsync(Guid.Parse(details.GetProperty("id").GetString()!));
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync($"{location}/drift-check", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await script.DeleteAsync(location)).StatusCode);
        await WaitForStateAsync(browser, location, "Deleted");

        var entries = _portal.Logs.Entries;
        output.WriteLine($"{entries.Count} log entries checked.");
        Assert.True(entries.Count > 50, "The capture saw too little to prove anything.");
        var forbidden = new Dictionary<string, string>
        {
            ["the local token"] = SecurityPortal.LocalToken,
            ["a JWT"] = "eyJ",
            ["the app client secret"] = clientSecret,
            ["the verification test user's password"] = password,
            ["the Sandbox secret key in a credential"] = "SecretAccessKey",
        };
        foreach (var entry in entries)
        {
            foreach (var (what, value) in forbidden)
            {
                Assert.False(entry.Text.Contains(value, StringComparison.Ordinal), $"{what} is in a log entry: {entry.Category} {entry.Level}");
            }
        }

        var trail = await _portal.AuditTrailAsync();
        Assert.All(trail, a => Assert.DoesNotContain(clientSecret, a.Detail ?? ""));
        Assert.All(trail, a => Assert.DoesNotContain(SecurityPortal.LocalToken, a.Detail ?? ""));
        Assert.All(trail, a => Assert.DoesNotContain(password, a.Detail ?? ""));
        Assert.Contains(trail, a => a.Action == "deployment.verify" && a.ActorId == "local");
    }

    private async Task<string> ClientSecretAsync(JsonElement details)
    {
        var cognito = _portal.Services.GetRequiredService<IAwsClients>().Cognito("us-east-1");
        var client = await cognito.DescribeUserPoolClientAsync(new DescribeUserPoolClientRequest
        {
            UserPoolId = details.GetProperty("userPoolId").GetString()!,
            ClientId = details.GetProperty("clientId").GetString()!,
        });
        var secret = client.UserPoolClient?.ClientSecret;
        Assert.False(string.IsNullOrEmpty(secret), "The app client was made without a secret; the test would prove nothing.");
        return secret!;
    }

    /// <summary>The password the verification gave its test user, read back the way the portal keeps it (protected).</summary>
    private async Task<string> TestUserPasswordAsync(Guid deploymentId)
    {
        var factory = _portal.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var credential = await db.Set<TestUserCredential>().SingleAsync(c => c.DeploymentId == deploymentId);
        // The verification's own key ring, as it keeps it: in the records.
        var keys = new ServiceCollection();
        keys.AddDataProtection().SetApplicationName("SecureApi.Verification").PersistKeysToRecords(KeyStorage.VerificationRing, factory);
        await using var keyServices = keys.BuildServiceProvider();
        var protector = keyServices.GetRequiredService<IDataProtectionProvider>().CreateProtector("SecureApi.Verification.TestUserPassword.v1");
        var password = protector.Unprotect(credential.ProtectedPassword);
        Assert.True(password.Length >= 12, "The test user's password could not be read back; the test would prove nothing.");
        return password;
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string location, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var details = await client.GetFromJsonAsync<JsonElement>(location);
            if (details.GetProperty("state").GetString() == state)
            {
                return details;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {details.GetProperty("state").GetString()}: {details.GetProperty("error")}");
            await Task.Delay(100);
        }
    }
}
