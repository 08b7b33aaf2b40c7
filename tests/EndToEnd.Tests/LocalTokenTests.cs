using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>
/// Local mode as `dotnet run` starts it, with no Auth:LocalToken: the first sign-in link carries a random token that
/// signs one browser in once, and the same token works as the bearer token of /api — printed on the terminal, never logged.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LocalTokenTests(BrowserFixture browser)
{
    [Fact]
    public async Task WithoutConfiguredToken_TheFirstLinksTokenSignsInOnce_AndWorksAsTheApisBearerToken()
    {
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string> { ["Auth:LocalToken"] = "" });
        var link = await portal.NextSignInLinkAsync();
        var printed = BearerLine().Match(portal.Output);
        Assert.True(printed.Success, "No bearer token was printed at start:\n" + portal.Output);
        var token = printed.Groups[1].Value;
        Assert.NotEqual(portal.LocalToken, token);
        Assert.True(token.Length >= 43, $"The printed token is only {token.Length} characters.");
        Assert.EndsWith($"/signin#token={token}", link);
        await using (var first = await BrowserSession.StartAsync(browser, portal, "local-link-first"))
        {
            await first.RunAsync(async page =>
            {
                await PortalProcess.OpenSignInLinkAsync(page, link);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();
                Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
            });
        }

        await using (var second = await BrowserSession.StartAsync(browser, portal, "local-link-again"))
        {
            await second.RunAsync(async page =>
            {
                await PortalProcess.OpenSignInLinkAsync(page, link);
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("each link works once");
                Assert.EndsWith("/signin", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            });
        }

        using var http = new HttpClient { BaseAddress = portal.PortalUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var anonymous = await http.GetAsync("api/deployments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var script = await http.GetAsync("api/deployments");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        // After all that, the token is still on the terminal only twice (the link and the bearer line): no request
        // or log line repeats it.
        Assert.Equal(2, Regex.Matches(portal.Output, Regex.Escape(token)).Count);
    }

    [GeneratedRegex(@"Authorization: Bearer (\S+)")]
    private static partial Regex BearerLine();
}
