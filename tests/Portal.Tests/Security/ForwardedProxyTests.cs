using System.Net;
using Microsoft.Extensions.Options;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// Behind a reverse proxy: the client's address and scheme come from X-Forwarded-For/-Proto only when the request
/// comes from a proxy named in <c>Proxy:KnownProxies</c>/<c>KnownNetworks</c>; otherwise the headers are ignored.
/// </summary>
public sealed class ForwardedProxyTests
{
    [Fact]
    public async Task WithoutAKnownProxy_ForwardedHeadersAreIgnored_SoNobodyCanClaimAnotherAddress()
    {
        await using var portal = await SecurityPortal.StartLocalAsync();
        using var client = portal.Client(cookies: new CookieContainer());

        var attempt = await SignInAsync(client, "guess", "203.0.113.7", "https");

        Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        var failed = Assert.Single(await portal.AuditTrailAsync(), a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Failed);
        Assert.Equal("127.0.0.1", failed.RemoteAddress);
    }

    [Fact]
    public async Task FromAKnownProxy_TheClientsAddressIsAudited_RateLimitedPerClient_AndHttpsGetsASecureCookie()
    {
        await using var portal = await SecurityPortal.StartLocalAsync(new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "127.0.0.1" });
        using var client = portal.Client(cookies: new CookieContainer());

        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            guesses.Add((await SignInAsync(client, $"guess-{i}", "203.0.113.7", "https")).StatusCode);
        }

        // One client behind the proxy used up its attempts; another one behind the same proxy has not.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], guesses);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "other", "198.51.100.9", "https")).StatusCode);
        var trail = await portal.AuditTrailAsync();
        Assert.Equal(5, trail.Count(a => a.Outcome == AuditOutcome.Failed && a.RemoteAddress == "203.0.113.7"));
        Assert.Single(trail, a => a.Outcome == AuditOutcome.Denied && a.RemoteAddress == "203.0.113.7");
        Assert.Single(trail, a => a.Outcome == AuditOutcome.Failed && a.RemoteAddress == "198.51.100.9");

        // The proxy ended TLS: the session cookie is marked Secure, as over https.
        var link = await portal.NextSignInLinkAsync(0);
        var signIn = await SecurityPortal.OpenSignInLinkAsync(client, link, Forwarded("198.51.100.9", "https"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SecureApi.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));
    }

    [Fact]
    public async Task AProxySettingThatIsNotAnAddress_StopsTheStartWithTheSettingNamed()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SecurityPortal.StartLocalAsync(
            new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = "load-balancer", ["Proxy:KnownNetworks:0"] = "10.0.0.0/99" }));

        Assert.Contains("Proxy:KnownProxies: 'load-balancer' is not an IP address", error.Message);
        Assert.Contains("Proxy:KnownNetworks: '10.0.0.0/99' is not a network in CIDR form", error.Message);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token, string forwardedFor, string forwardedProto) =>
        SecurityPortal.PostSignInAsync(client, token, Forwarded(forwardedFor, forwardedProto));

    private static Action<HttpRequestMessage> Forwarded(string forwardedFor, string forwardedProto) => request =>
    {
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
    };
}
