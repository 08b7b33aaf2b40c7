using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security;

/// <summary>Each action lands in the trail with who, what, which deployment, when, from where and the outcome.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private const string ValidSpec = """
        {"region":"us-east-1","api":{"name":"audited-api"},"routes":["GET /users/{userId}"],
         "userPool":{"name":"audited-users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
        """;

    private SecurityPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await SecurityPortal.StartLocalAsync();

    public Task DisposeAsync() => _portal.DisposeAsync().AsTask();

    [Fact]
    public async Task SignInCreateDriftCheckDelete_AreEachRecorded_WithActorDeploymentAddressAndOutcome()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        using var anonymous = _portal.Client();
        await SecurityPortal.PostSignInAsync(anonymous, "wrong-link");
        using var browser = await _portal.SignedInBrowserAsync();

        var created = await browser.PostAsync("/api/deployments", new StringContent(ValidSpec, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
        await WaitForStateAsync(browser, location, "Active");
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync($"{location}/drift-check", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.DeleteAsync(location)).StatusCode);
        await WaitForStateAsync(browser, location, "Deleted");

        var trail = await _portal.AuditTrailAsync();
        var failedSignIn = Assert.Single(trail, a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Failed);
        Assert.Equal("anonymous", failedSignIn.ActorId);
        var signIn = Assert.Single(trail, a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Succeeded);
        Assert.Equal("local", signIn.ActorId);
        foreach (var action in new[] { AuditActions.Create, AuditActions.DriftCheck, AuditActions.Delete })
        {
            var entry = Assert.Single(trail, a => a.Action == action && a.DeploymentId == id);
            Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
            Assert.Equal("local", entry.ActorId);
            Assert.Equal("Local admin", entry.ActorName);
            Assert.Equal("127.0.0.1", entry.RemoteAddress);
            Assert.InRange(entry.At, started, DateTimeOffset.UtcNow.AddSeconds(5));
        }

        // Every request of a person says where it came from; background work (the automatic verification) has no address.
        Assert.All(trail.Where(a => a.ActorId != "system"), a => Assert.Equal("127.0.0.1", a.RemoteAddress));
    }

    [Fact]
    public async Task AuditApi_PagesNewestFirst_AndFiltersByActionOutcomeDeploymentActorAndDate()
    {
        using var admin = _portal.Client(SecurityPortal.LocalToken);
        using var anonymous = _portal.Client();
        for (var i = 0; i < 3; i++)
        {
            await SecurityPortal.PostSignInAsync(anonymous, $"wrong-{i}");
        }

        var created = await admin.PostAsync("/api/deployments", new StringContent(ValidSpec, Encoding.UTF8, "application/json"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var failed = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=sign-in&outcome=failed&pageSize=2&page=1");
        Assert.Equal(3, failed.GetProperty("totalCount").GetInt32());
        var page = failed.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, page.Count);
        Assert.True(page[0].GetProperty("id").GetInt64() > page[1].GetProperty("id").GetInt64());
        Assert.All(page, e => Assert.Equal("Failed", e.GetProperty("outcome").GetString()));
        var second = await admin.GetFromJsonAsync<JsonElement>("/api/audit?action=sign-in&outcome=failed&pageSize=2&page=2");
        Assert.Single(second.GetProperty("items").EnumerateArray());

        var forDeployment = await admin.GetFromJsonAsync<JsonElement>($"/api/audit?deploymentId={id}");
        var entry = Assert.Single(forDeployment.GetProperty("items").EnumerateArray());
        Assert.Equal("deployment.create", entry.GetProperty("action").GetString());
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/api/audit?actor=local%20ADMIN")).GetProperty("totalCount").GetInt32());
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/audit?from={tomorrow}")).GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/audit?outcome=maybe")).StatusCode);
    }

    [Fact]
    public async Task AuditTrail_IsAppendOnly_ForTheApplication()
    {
        using var anonymous = _portal.Client();
        await SecurityPortal.PostSignInAsync(anonymous, "wrong");
        var factory = _portal.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();

        await using (var db = await factory.CreateDbContextAsync())
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Detail = "rewritten";
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        var trail = await _portal.AuditTrailAsync();
        Assert.Single(trail);
        Assert.NotEqual("rewritten", trail[0].Detail);
        // Nor is there any way over HTTP: the audit API only reads.
        using var admin = _portal.Client(SecurityPortal.LocalToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await admin.DeleteAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task AnythingShapedLikeAToken_IsRedactedBeforeItIsStored()
    {
        var audit = _portal.Services.GetRequiredService<IAuditLog>();
        const string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJl";

        await audit.RecordAsync(new AuditRecord(new SecureApi.Provisioning.Deployments.Caller("u-1", "Ulla", SecureApi.Provisioning.Deployments.CallerRole.Admin),
            AuditActions.Verify, AuditOutcome.Failed, Detail: $"The API answered 401 to Bearer {jwt}."));

        var entry = Assert.Single(await _portal.AuditTrailAsync());
        Assert.DoesNotContain("eyJ", entry.Detail);
        Assert.Contains("[redacted token]", entry.Detail);
    }

    private static async Task WaitForStateAsync(HttpClient client, string location, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var details = await client.GetFromJsonAsync<JsonElement>(location);
            if (details.GetProperty("state").GetString() == state)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still {details.GetProperty("state").GetString()}: {details.GetProperty("error")}");
            await Task.Delay(100);
        }
    }
}
