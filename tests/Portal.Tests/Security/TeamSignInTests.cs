using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// Team mode, the browser's whole round trip: the real portal, a browser-like client that follows each redirect by
/// hand, and a test issuer that runs the code flow (PKCE, nonce, client secret) as a real provider would.
/// </summary>
public sealed class TeamSignInTests : IAsyncLifetime
{
    private static readonly TestPerson Vera = new("u-vera", "Vera Viewer", "vera@example.com", "secureapi-viewers");

    private readonly TestIssuer _issuer = new();
    private SecurityPortal _portal = null!;
    private TestBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await _issuer.StartAsync();
        _portal = await SecurityPortal.StartTeamAsync(_issuer);
        _browser = new TestBrowser(_portal.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _portal.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_SignsInAtTheIssuerWithCodeAndPkce_AndLandsOnTheRequestedPageUnderTheirName()
    {
        _issuer.SignInAs(Vera);
        var first = await _browser.GetAsync("/deployments");
        Assert.Equal("/signin?returnUrl=%2Fdeployments", TestBrowser.Location(first).PathAndQuery);

        var trip = await _browser.SignInThroughIssuerAsync("/deployments");

        // Off to the issuer: the code flow with an S256 challenge, a state and a nonce, and no secret in the URL.
        var authorize = QueryHelpers.ParseQuery(trip.Authorize.Query);
        Assert.Equal($"{_issuer.Issuer}/authorize", trip.Authorize.GetLeftPart(UriPartial.Path));
        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(43, authorize["code_challenge"].ToString().Length);
        Assert.NotEmpty(authorize["state"].ToString());
        Assert.NotEmpty(authorize["nonce"].ToString());
        Assert.Equal(TestIssuer.ClientId, authorize["client_id"]);
        Assert.Equal(new Uri(_portal.BaseAddress, "/signin-oidc").ToString(), authorize["redirect_uri"]);
        Assert.DoesNotContain(SecurityPortal.ClientSecret, trip.Authorize.ToString());

        // Back with a code and the same state; the portal redeems it and sets its own session cookie.
        var back = TestBrowser.Location(trip.IssuerAnswer);
        Assert.Equal("/signin-oidc", back.AbsolutePath);
        Assert.Equal(authorize["state"], QueryHelpers.ParseQuery(back.Query)["state"]);
        Assert.NotNull(trip.Callback);
        Assert.Equal("/signin/complete?returnUrl=%2Fdeployments", TestBrowser.Location(trip.Callback).PathAndQuery);
        var session = Assert.Single(trip.Callback.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SecureApi.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);

        var complete = await (await _browser.GetAsync(TestBrowser.Location(trip.Callback))).Content.ReadAsStringAsync();
        Assert.Contains("content=\"0;url=/deployments\"", complete);
        var landing = await _browser.GetAsync("/deployments");
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        var html = await landing.Content.ReadAsStringAsync();
        Assert.Contains("Vera Viewer", html);
        Assert.Contains("(Viewer)", html);
    }

    [Fact]
    public async Task SignIn_IsOnTheAuditTrail_AsSucceeded_WithThePersonsIdNameAndRole()
    {
        _issuer.SignInAs(Vera);

        Assert.Equal(HttpStatusCode.OK, (await _browser.SignInAndLandAsync("/")).StatusCode);

        var signIn = Assert.Single(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignIn);
        Assert.Equal(AuditOutcome.Succeeded, signIn.Outcome);
        Assert.Equal("u-vera", signIn.ActorId);
        Assert.Equal("Vera Viewer", signIn.ActorName);
        Assert.Equal("127.0.0.1", signIn.RemoteAddress);
        Assert.Contains("as Viewer", signIn.Detail);
    }

    [Theory]
    [InlineData("secureapi-viewers", HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData("secureapi-operators", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("secureapi-admins", HttpStatusCode.OK, HttpStatusCode.OK)]
    public async Task TheGroupAtTheIssuer_DecidesTheRoleOfTheCookieSession(string group, HttpStatusCode setup, HttpStatusCode audit)
    {
        _issuer.SignInAs(new TestPerson("u-person", "Pat Person", "pat@example.com", group));

        Assert.Equal(HttpStatusCode.OK, (await _browser.SignInAndLandAsync("/")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/api/deployments/")).StatusCode);
        Assert.Equal(setup, (await _browser.GetAsync("/setup")).StatusCode);
        Assert.Equal(audit, (await _browser.GetAsync("/audit")).StatusCode);
        Assert.Equal(audit, (await _browser.GetAsync("/api/audit")).StatusCode);
    }

    [Fact]
    public async Task Viewer_WithTheCookieSession_CannotCreate_AndTheRefusalIsAudited()
    {
        _issuer.SignInAs(Vera);
        await _browser.SignInAndLandAsync("/");
        var spec = """
            {"region":"us-east-1","api":{"name":"viewer-api"},"routes":["GET /users/{userId}"],
             "userPool":{"name":"viewer-users","signInWith":["email"]},"integration":{"method":"GET","url":"https://example.com"}}
            """;

        var create = await _browser.Http.PostAsync("/api/deployments/", new StringContent(spec, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Contains("Your role (Viewer) does not allow this.", await create.Content.ReadAsStringAsync());
        var trail = await _portal.AuditTrailAsync();
        Assert.DoesNotContain(trail, a => a.Action == AuditActions.Create);
        var denied = Assert.Single(trail, a => a.Action == AuditActions.AccessDenied);
        Assert.Equal("u-vera", denied.ActorId);
        Assert.Contains("POST /api/deployments", denied.Detail);
    }

    [Fact]
    public async Task PersonInNoSecureApiGroup_IsSignedIn_ButGets403Everywhere_WithAWayToSignOut()
    {
        _issuer.SignInAs(new TestPerson("u-nora", "Nora Nobody", "nora@example.com", "some-other-group"));

        var landing = await _browser.SignInAndLandAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, landing.StatusCode);
        var page = await landing.Content.ReadAsStringAsync();
        Assert.Contains("not in any SecureApi group", page);
        Assert.Contains("action=\"/signout\"", page);
        Assert.Equal(HttpStatusCode.Forbidden, (await _browser.GetAsync("/api/deployments/")).StatusCode);
        var trail = await _portal.AuditTrailAsync();
        var signIn = Assert.Single(trail, a => a.Action == AuditActions.SignIn);
        Assert.Equal(AuditOutcome.Succeeded, signIn.Outcome);
        Assert.Equal("u-nora", signIn.ActorId);
        Assert.Contains("no SecureApi group", signIn.Detail);
        Assert.Contains(trail, a => a.Action == AuditActions.AccessDenied && a.ActorId == "u-nora" && a.Detail!.Contains("no SecureApi role"));
    }

    /// <summary>
    /// Each way the exchange can be tampered with on the browser's way: a different PKCE challenge (the code is bound to a
    /// verifier the portal does not have), a different nonce (the ID token is not for this browser's request), a code
    /// that was never issued, a forged state.
    /// </summary>
    [Theory]
    [InlineData("code_challenge")]
    [InlineData("nonce")]
    [InlineData("code")]
    [InlineData("state")]
    public async Task TamperedExchange_EndsInAFailedSignIn_AuditedAsFailed_WithNoSession(string tampered)
    {
        _issuer.SignInAs(Vera);
        var attackerChallenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(new string('a', 43))));
        Func<Uri, Uri>? toIssuer = tampered switch
        {
            "code_challenge" => u => WithQuery(u, "code_challenge", attackerChallenge),
            "nonce" => u => WithQuery(u, "nonce", "attackers-nonce"),
            _ => null,
        };
        Func<Uri, Uri>? toPortal = tampered switch
        {
            "code" => u => WithQuery(u, "code", "a-code-the-issuer-never-issued"),
            "state" => u => WithQuery(u, "state", "forged-state"),
            _ => null,
        };

        var trip = await _browser.SignInThroughIssuerAsync("/deployments", toIssuer, toPortal);

        Assert.NotNull(trip.Callback);
        Assert.Equal("/signin?failed=true", TestBrowser.Location(trip.Callback).PathAndQuery);
        Assert.False(_browser.HasCookie("SecureApi.Auth"));
        Assert.Contains("Signing in did not work", await (await _browser.GetAsync("/signin?failed=true")).Content.ReadAsStringAsync());
        Assert.Equal("/signin?returnUrl=%2Fdeployments", TestBrowser.Location(await _browser.GetAsync("/deployments")).PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _browser.GetAsync("/api/deployments/")).StatusCode);
        var signIn = Assert.Single(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignIn);
        Assert.Equal(AuditOutcome.Failed, signIn.Outcome);
        Assert.Equal("127.0.0.1", signIn.RemoteAddress);
        Assert.Contains("OpenID Connect sign-in failed", signIn.Detail);
    }

    private static Uri WithQuery(Uri uri, string name, string value)
    {
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        Assert.True(query.ContainsKey(name), $"{uri.GetLeftPart(UriPartial.Path)} carries no {name} to tamper with.");
        query[name] = value;
        return new Uri(QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query));
    }
}
