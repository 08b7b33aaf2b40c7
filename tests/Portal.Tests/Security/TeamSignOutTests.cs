using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;

namespace SecureApi.Portal.Tests.Security;

/// <summary>
/// Team mode sign-out ends the identity provider's session too: through its end_session_endpoint (RP-initiated logout),
/// or Cognito's /logout when Auth:Oidc:LogoutUrl is set; the portal's own cookie goes in every case.
/// </summary>
public sealed class TeamSignOutTests : IAsyncLifetime
{
    private static readonly TestPerson Olga = new("u-olga", "Olga Operator", "olga@example.com", "secureapi-operators");

    private TestIssuer _issuer = null!;
    private SecurityPortal _portal = null!;
    private TestBrowser _browser = null!;

    [Fact]
    public async Task SignOut_WithAnEndSessionEndpoint_EndsTheProvidersSessionWithTheIdTokenHint_AndComesBackSignedOut()
    {
        await StartAsync(new TestIssuer(endSessionEndpoint: true));
        await SignInAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await _browser.Http.PostAsync("/signout", new FormUrlEncodedContent([]))).StatusCode);

        var signOut = await PostSignOutAsync();

        var logout = TestBrowser.Location(signOut);
        Assert.Equal($"{_issuer.Issuer}/end-session", logout.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(logout.Query);
        Assert.StartsWith("eyJ", query["id_token_hint"].ToString());
        Assert.Equal(new Uri(_portal.BaseAddress, "/signin?signedOut=true").ToString(), query["post_logout_redirect_uri"]);
        Assert.Equal(TestIssuer.ClientId, query["client_id"]);
        Assert.False(_browser.HasCookie("SecureApi.Auth"));

        await FollowBackSignedOutAsync(logout);
        var ended = Assert.Single(_issuer.Logouts);
        Assert.Equal("end_session_endpoint", ended.Endpoint);
        Assert.Equal("u-olga", ended.IdTokenHintSub);
        await AssertSignedOutEverywhereAsync();
        // The ID token travels to the provider only: never into the portal's log.
        Assert.All(_portal.Logs.Entries, e => Assert.DoesNotContain(query["id_token_hint"].ToString(), e.Text));
    }

    [Fact]
    public async Task SignOut_WithCognitosLogoutUrl_GoesToItsLogoutWithClientIdAndLogoutUri_AndComesBackSignedOut()
    {
        // Cognito's discovery document names no end_session_endpoint; its domain's /logout is configured instead.
        var issuer = new TestIssuer(endSessionEndpoint: false);
        await issuer.StartAsync();
        await StartAsync(issuer, new Dictionary<string, string?> { ["Auth:Oidc:LogoutUrl"] = issuer.CognitoLogoutUrl });
        await SignInAsync();
        var csp = Assert.Single((await _browser.GetAsync("/")).Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"form-action 'self' {_issuer.Issuer}", csp);

        var signOut = await PostSignOutAsync();

        var logout = TestBrowser.Location(signOut);
        var signedOut = new Uri(_portal.BaseAddress, "/signin?signedOut=true").ToString();
        Assert.Equal($"{_issuer.CognitoLogoutUrl}?client_id={TestIssuer.ClientId}&logout_uri={Uri.EscapeDataString(signedOut)}", logout.AbsoluteUri);
        Assert.False(_browser.HasCookie("SecureApi.Auth"));

        await FollowBackSignedOutAsync(logout);
        Assert.Equal("cognito_logout", Assert.Single(_issuer.Logouts).Endpoint);
        await AssertSignedOutEverywhereAsync();
    }

    [Fact]
    public async Task SignOut_WhenTheProviderOffersNoLogout_SignsOutOfThePortalOnly()
    {
        await StartAsync(new TestIssuer(endSessionEndpoint: false));
        await SignInAsync();

        var signOut = await PostSignOutAsync();

        Assert.Equal("/signin?signedOut=true", signOut.Headers.Location?.OriginalString);
        Assert.False(_browser.HasCookie("SecureApi.Auth"));
        Assert.Equal("/signin", TestBrowser.Location(await _browser.GetAsync("/")).AbsolutePath);
        Assert.Empty(_issuer.Logouts);
        Assert.Equal(1, _issuer.OpenSessions);
        Assert.Contains(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignOut && a.ActorId == "u-olga");
    }

    [Fact]
    public async Task TeamMode_WithALogoutUrlThatIsNoUrl_RefusesToStart_NamingTheKey()
    {
        await using var issuer = new TestIssuer();
        await issuer.StartAsync();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SecurityPortal.StartTeamAsync(issuer, new Dictionary<string, string?>
        {
            ["Auth:Oidc:LogoutUrl"] = "my-domain.auth.eu-west-1.amazoncognito.com/logout",
        }));

        Assert.Contains("Auth:Oidc:LogoutUrl", refused.Message);
    }

    // Each test starts its own issuer (with or without an end_session_endpoint) and portal.
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _browser?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    private async Task StartAsync(TestIssuer issuer, IDictionary<string, string?>? settings = null)
    {
        _issuer = issuer;
        if (issuer.Issuer.Length == 0)
        {
            await issuer.StartAsync();
        }

        _portal = await SecurityPortal.StartTeamAsync(issuer, settings);
        _browser = new TestBrowser(_portal.BaseAddress);
    }

    private async Task SignInAsync()
    {
        _issuer.SignInAs(Olga);
        var landing = await _browser.SignInAndLandAsync("/");
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("Olga Operator", await landing.Content.ReadAsStringAsync());
        Assert.Equal(1, _issuer.OpenSessions);
    }

    /// <summary>The dashboard's own sign-out form, with the antiforgery token it rendered.</summary>
    private async Task<HttpResponseMessage> PostSignOutAsync()
    {
        var token = await _browser.AntiforgeryTokenAsync("/");
        var signOut = await _browser.Http.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        return signOut;
    }

    private async Task FollowBackSignedOutAsync(Uri logout)
    {
        var back = TestBrowser.Location(await _browser.GetAsync(logout));
        Assert.Equal(_portal.BaseAddress.Authority, back.Authority);
        Assert.Equal("/signin", back.AbsolutePath);
        Assert.Equal("true", QueryHelpers.ParseQuery(back.Query)["signedOut"]);
        Assert.Contains("You are signed out.", await (await _browser.GetAsync(back)).Content.ReadAsStringAsync());
    }

    /// <summary>No portal session, no provider session: "Sign in" now stops at the provider's login page.</summary>
    private async Task AssertSignedOutEverywhereAsync()
    {
        Assert.Equal(0, _issuer.OpenSessions);
        Assert.Equal("/signin", TestBrowser.Location(await _browser.GetAsync("/")).AbsolutePath);
        var again = await _browser.SignInThroughIssuerAsync("/");
        Assert.Equal(HttpStatusCode.OK, again.IssuerAnswer.StatusCode);
        Assert.Contains(TestIssuer.LoginPageText, await again.IssuerAnswer.Content.ReadAsStringAsync());
        Assert.Null(again.Callback);
        var signOut = Assert.Single(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignOut);
        Assert.Equal("u-olga", signOut.ActorId);
    }
}
