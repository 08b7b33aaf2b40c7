using System.Net;
using System.Text.RegularExpressions;

namespace SecureApi.Portal.Tests.Security.Support;

/// <summary>What a browser saw on the way through the identity provider and back.</summary>
/// <param name="Challenge">The portal's answer to "Sign in": the redirect to the issuer's authorization endpoint.</param>
/// <param name="Authorize">The authorization request as the browser sent it (after any tampering).</param>
/// <param name="IssuerAnswer">The issuer's answer: a redirect back to the portal, or its login page.</param>
/// <param name="Callback">The portal's answer at its callback (<c>/signin-oidc</c>); null when the issuer did not send the browser back.</param>
public sealed record SignInTrip(HttpResponseMessage Challenge, Uri Authorize, HttpResponseMessage IssuerAnswer, HttpResponseMessage? Callback);

/// <summary>
/// A browser-like client for the portal and the test issuer. It follows no redirect by itself (tests look at every
/// hop) and keeps cookies per host as a browser does. Loopback is a secure context for browsers, so like them it keeps
/// and sends <c>Secure</c> cookies over http://127.0.0.1 — the OpenID Connect handler marks its correlation and nonce
/// cookies Secure always. (SameSite does not come into it here: the portal and the issuer share the site 127.0.0.1.)
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _client;

    public TestBrowser(Uri portal)
    {
        var handler = new CookieJar(_cookies) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } };
        _client = new HttpClient(handler) { BaseAddress = portal, Timeout = TimeSpan.FromSeconds(90) };
    }

    public HttpClient Http => _client;

    public Task<HttpResponseMessage> GetAsync(string url) => _client.GetAsync(url);

    public Task<HttpResponseMessage> GetAsync(Uri url) => _client.GetAsync(url);

    /// <summary>Whether the browser holds a cookie of that name for the portal (an expired one is gone).</summary>
    public bool HasCookie(string name) => _cookies.GetCookies(Secure(_client.BaseAddress!)).Any(c => c.Name == name);

    /// <summary>Where a redirect points, made absolute against the page that answered.</summary>
    public static Uri Location(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found,
            $"Expected a redirect from {response.RequestMessage?.RequestUri}, got {(int)response.StatusCode}.");
        return new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
    }

    /// <summary>
    /// What a person does: opens the sign-in page for <paramref name="returnUrl"/>, clicks "Sign in", and lets the
    /// browser follow the issuer's redirect back. <paramref name="toIssuer"/> and <paramref name="toPortal"/> may rewrite the
    /// two cross-site redirects, as an attacker in the middle of the browser's way would.
    /// </summary>
    public async Task<SignInTrip> SignInThroughIssuerAsync(string returnUrl, Func<Uri, Uri>? toIssuer = null, Func<Uri, Uri>? toPortal = null)
    {
        var page = await _client.GetAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var link = SignInLink().Match(await page.Content.ReadAsStringAsync());
        Assert.True(link.Success, "The sign-in page offers no sign-in link.");

        var challenge = await _client.GetAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
        var authorize = (toIssuer ?? (u => u))(Location(challenge));
        var answer = await _client.GetAsync(authorize);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            return new SignInTrip(challenge, authorize, answer, null);
        }

        var callback = await _client.GetAsync((toPortal ?? (u => u))(Location(answer)));
        return new SignInTrip(challenge, authorize, answer, callback);
    }

    /// <summary>Signs in and follows the portal on to the page the person asked for (through <c>/signin/complete</c>).</summary>
    public async Task<HttpResponseMessage> SignInAndLandAsync(string returnUrl)
    {
        var trip = await SignInThroughIssuerAsync(returnUrl);
        Assert.NotNull(trip.Callback);
        var complete = await _client.GetAsync(Location(trip.Callback));
        var refresh = MetaRefresh().Match(await complete.Content.ReadAsStringAsync());
        Assert.True(refresh.Success, "The sign-in completion page does not move on.");
        return await _client.GetAsync(WebUtility.HtmlDecode(refresh.Groups[1].Value));
    }

    /// <summary>The antiforgery token of a page's sign-out form, as a browser would post it.</summary>
    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        var page = await (await _client.GetAsync(path)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"{path} has no form with an antiforgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public void Dispose() => _client.Dispose();

    private static Uri Secure(Uri uri) =>
        uri.IsLoopback && uri.Scheme == Uri.UriSchemeHttp ? new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = uri.Port }.Uri : uri;

    [GeneratedRegex("href=\"(/signin/oidc[^\"]*)\"")]
    private static partial Regex SignInLink();

    [GeneratedRegex("http-equiv=\"refresh\" content=\"0;url=([^\"]+)\"")]
    private static partial Regex MetaRefresh();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>Cookies in a <see cref="CookieContainer"/>, stored and looked up as if loopback http were https.</summary>
    private sealed class CookieJar(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = Secure(request.RequestUri!);
            var header = cookies.GetCookieHeader(uri);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    cookies.SetCookies(uri, setCookie);
                }
            }

            return response;
        }
    }
}
