using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>Local mode as `dotnet run` starts it, with no Auth:LocalToken: scripts still get a bearer token at start.</summary>
public sealed partial class LocalTokenTests
{
    [Fact]
    public async Task WithoutConfiguredToken_TheTerminalShowsARandomBearerTokenThatWorksOnTheApi_AndNothingElseDoes()
    {
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string> { ["Auth:LocalToken"] = "" });
        var printed = BearerLine().Match(portal.Output);
        Assert.True(printed.Success, "No bearer token was printed at start:\n" + portal.Output);
        var token = printed.Groups[1].Value;
        Assert.NotEqual(portal.LocalToken, token);
        Assert.True(token.Length >= 43, $"The printed token is only {token.Length} characters.");
        // Printed once, on the terminal; the log lines around it never repeat it.
        Assert.Single(Regex.Matches(portal.Output, Regex.Escape(token)));

        using var http = new HttpClient { BaseAddress = portal.PortalUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var anonymous = await http.GetAsync("api/deployments");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var script = await http.GetAsync("api/deployments");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [GeneratedRegex(@"Authorization: Bearer (\S+)")]
    private static partial Regex BearerLine();
}
