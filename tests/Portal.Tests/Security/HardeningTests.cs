using System.Net;
using System.Text;
using SecureApi.Portal.Tests.Security.Support;

namespace SecureApi.Portal.Tests.Security;

/// <summary>Security headers on every kind of response, names shown as text, input limits, health that reveals nothing.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private const string Script = "<script>alert(1)</script>";
    private SecurityPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await SecurityPortal.StartLocalAsync();

    public Task DisposeAsync() => _portal.DisposeAsync().AsTask();

    [Theory]
    [InlineData("/", false)]
    [InlineData("/signin", false)]
    [InlineData("/healthz", false)]
    [InlineData("/app.css", false)]
    [InlineData("/api/deployments", false)]
    [InlineData("/", true)]
    [InlineData("/api/deployments", true)]
    [InlineData("/no-such-page", true)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, bool signedIn)
    {
        using var client = signedIn ? _portal.Client(SecurityPortal.LocalToken) : _portal.Client();

        var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "img-src 'self' data:" })
        {
            Assert.Contains(directive, csp);
        }

        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains($"ws://{_portal.BaseAddress.Authority}", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Health_IsAnonymous_AndSaysNothingButHealthy()
    {
        using var anonymous = _portal.Client();

        var response = await anonymous.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ScriptInAName_IsShownAsText_OnDashboardDetailsAndAudit()
    {
        using var admin = _portal.Client(SecurityPortal.LocalToken);
        var created = await admin.PostAsync("/api/deployments", Spec(Script));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        foreach (var path in new[] { "/", $"/deployments/{id}", "/audit" })
        {
            var html = await admin.GetStringAsync(path);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain(Script, html);
        }

        Assert.DoesNotContain(Script, await admin.GetStringAsync($"/api/deployments/{id}"));
    }

    [Fact]
    public async Task ApiBody_OverTheLimit_Is413_AndCreatesNothing()
    {
        using var admin = _portal.Client(SecurityPortal.LocalToken);
        var huge = (await Spec("big-api").ReadAsStringAsync()).Replace("\"routes\":[", "\"routes\":[" + string.Concat(Enumerable.Repeat("\"GET /x\",", 40_000)));

        var response = await admin.PostAsync("/api/deployments", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(await _portal.AuditTrailAsync(), a => a.Action == "deployment.create");
    }

    private static StringContent Spec(string name) => new($$$"""
        {"region":"us-east-1","api":{"name":{{{System.Text.Json.JsonSerializer.Serialize(name)}}}},"routes":["GET /users/{userId}"],
         "userPool":{"name":"users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
        """, Encoding.UTF8, "application/json");
}
