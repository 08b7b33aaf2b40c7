using System.Net;
using Microsoft.Extensions.Logging;
using SecureApi.Portal.Tests.Security.Support;
using SecureApi.Provisioning.Audit;
using SecureApi.Provisioning.Records;

namespace SecureApi.Portal.Tests.Security;

/// <summary>Local mode: the printed one-time link, the cookie it sets, the local bearer token, sign-out, the rate limit.</summary>
public sealed class LocalSignInTests : IAsyncLifetime
{
    private SecurityPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await SecurityPortal.StartLocalAsync();

    public Task DisposeAsync() => _portal.DisposeAsync().AsTask();

    [Fact]
    public async Task SignInLink_IsPrintedAtStart_WorksOnce_ThenTheNextLinkIsPrinted()
    {
        var first = await _portal.NextSignInLinkAsync(0);
        // The first link carries the portal's token (the same one scripts use on /api), after '#': never sent to the
        // server in a URL, and never written to the log.
        Assert.Equal($"{_portal.BaseAddress}signin#token={SecurityPortal.LocalToken}", first);
        Assert.Contains(_portal.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("first sign-in link was printed on the terminal", StringComparison.Ordinal));
        Assert.DoesNotContain(_portal.Logs.Entries, e => e.Message.Contains(SecurityPortal.LocalToken, StringComparison.Ordinal));
        var cookies = new CookieContainer();
        using var browser = _portal.Client(cookies: cookies);

        var page = await (await browser.GetAsync("/signin")).Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"/signin.js\"></script>", page);
        var signIn = await SecurityPortal.OpenSignInLinkAsync(browser, first);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SecureApi.Auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var dashboard = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Local admin", await dashboard.Content.ReadAsStringAsync());

        // The same link again, from another browser: refused, and it says what to do.
        using var second = _portal.Client(cookies: new CookieContainer());
        var again = await SecurityPortal.OpenSignInLinkAsync(second, first);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("newest link printed in the terminal", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/")).StatusCode);
        // As a bearer token on /api the same token keeps working.
        using var script = _portal.Client(SecurityPortal.LocalToken);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/deployments")).StatusCode);

        // A new link was printed for the next browser, with a one-time token of its own, and it works once.
        var next = await _portal.NextSignInLinkAsync(1);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/signin#token=[A-Za-z0-9_-]{43,}$", next);
        Assert.NotEqual(first, next);
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPortal.OpenSignInLinkAsync(second, next)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/")).StatusCode);
        using var third = _portal.Client(cookies: new CookieContainer());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SecurityPortal.OpenSignInLinkAsync(third, next)).StatusCode);
        using var nextAsBearer = _portal.Client(new Uri(next).Fragment["#token=".Length..]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nextAsBearer.GetAsync("/api/deployments")).StatusCode);
    }

    [Fact]
    public async Task SignInForm_WithoutThePagesAntiforgeryToken_IsRefused_AndSignsNobodyIn()
    {
        using var forger = _portal.Client(cookies: new CookieContainer());

        var forged = await forger.PostAsync("/signin", new FormUrlEncodedContent([new("token", SecurityPortal.LocalToken)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Open the sign-in link again", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await forger.GetAsync("/")).StatusCode);
        // The link was not spent by the forged post.
        using var browser = _portal.Client(cookies: new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await SecurityPortal.OpenSignInLinkAsync(browser, await _portal.NextSignInLinkAsync(0))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_PagesRedirectToSignInThatExplainsTheLink_ApiAnswers401()
    {
        using var anonymous = _portal.Client();

        var page = await anonymous.GetAsync("/deployments");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery(_portal.BaseAddress));
        var help = await (await anonymous.GetAsync("/signin")).Content.ReadAsStringAsync();
        Assert.Contains("open the link printed in the terminal", help);
        Assert.DoesNotContain("SANDBOX", help);
        var api = await anonymous.GetAsync("/api/deployments");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/_blazor/negotiate?negotiateVersion=1", null)).StatusCode);
    }

    [Fact]
    public async Task LocalToken_WorksAsBearerOnTheApi_AWrongOneIs401AndAudited()
    {
        using var script = _portal.Client(SecurityPortal.LocalToken);
        using var wrong = _portal.Client("not-the-token-" + new string('x', 40));

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/deployments")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/deployments")).StatusCode);

        var failed = Assert.Single(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Failed);
        Assert.Equal("127.0.0.1", failed.RemoteAddress);
        Assert.DoesNotContain("not-the-token", failed.Detail);
    }

    [Fact]
    public async Task SignOut_NeedsTheAntiforgeryTokenOfThePortalsOwnPage_ThenEndsTheSession()
    {
        using var browser = await _portal.SignedInBrowserAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/signout", new FormUrlEncodedContent([]))).StatusCode);

        var page = await (await browser.GetAsync("/")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var signOut = await browser.PostAsync("/signout", new FormUrlEncodedContent([new("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token))]));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin?signedOut=true", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
        Assert.Contains(await _portal.AuditTrailAsync(), a => a.Action == AuditActions.SignOut && a.ActorId == "local");
    }

    [Fact]
    public async Task SignInAttempts_MoreThanFivePerMinuteFromOneAddress_Get429()
    {
        using var guesser = _portal.Client(cookies: new CookieContainer());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await SecurityPortal.PostSignInAsync(guesser, $"guess-{i}")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[6]);
        // Only attempts are limited: the sign-in page itself and the rest of the portal still answer.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync("/healthz")).StatusCode);
        // The refusals are on the audit trail once for the minute, not once per refused request.
        var trail = await _portal.AuditTrailAsync();
        var throttled = Assert.Single(trail, a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Denied);
        Assert.Equal("127.0.0.1", throttled.RemoteAddress);
        Assert.Contains("Too many sign-in attempts", throttled.Detail);
        Assert.Equal(5, trail.Count(a => a.Action == AuditActions.SignIn && a.Outcome == AuditOutcome.Failed));
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri location, Uri baseAddress) => new Uri(baseAddress, location).PathAndQuery;
}
