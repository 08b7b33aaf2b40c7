using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>The work runs on the server: reloading the page mid-way picks the progress back up.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ReloadDuringProvisioningTests(BrowserFixture browser, SlowSandboxPortalFixture fixture) : IClassFixture<SlowSandboxPortalFixture>
{
    private PortalProcess Portal => fixture.Portal;

    [Fact]
    public async Task Details_ReloadedWhileProvisioning_ShowsLiveProgressAndReachesActive()
    {
        var name = $"slow-{Guid.NewGuid():N}"[..13];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(Details_ReloadedWhileProvisioning_ShowsLiveProgressAndReachesActive));
        await session.RunAsync(async page =>
        {
            await Portal.SignInAsync(page, "setup");
            var details = await new SetupWizard(page).CreateAsync(name, Portal.SandboxUrl.ToString());

            // Steps appear on the open page as the worker starts them, without a reload.
            var seen = await details.Journal.CountAsync();
            await Expect(details.Journal.Nth(seen)).ToBeAttachedAsync();

            // Reloaded at once: the page the server renders then is still provisioning (asserted on the HTML it sent,
            // so a create finishing while the browser paints cannot blur what was shown at reload).
            var response = await page.ReloadAsync() ?? throw new InvalidOperationException("The reload got no response.");
            var html = await response.TextAsync();
            var stateAtReload = StateBadge().Match(html);
            Assert.True(stateAtReload.Success, "The reloaded page has no state badge.");
            Assert.Contains(stateAtReload.Groups[1].Value, new[] { "Pending", "Provisioning" });
            await session.ScreenshotAsync("11-details-provisioning");

            // The reloaded page goes live again and follows the worker to the end.
            await PortalProcess.WaitUntilInteractiveAsync(page);
            await details.ExpectStateAsync("Active");
            await details.ExpectFullCreateJournalAsync();
            await Expect(details.InvokeUrl).ToHaveTextAsync(new Regex("^http://127\\.0\\.0\\.1:"));
        });
    }

    [GeneratedRegex("""<span class="badge [^"]*" data-testid="deployment-state">(\w+)</span>""")]
    private static partial Regex StateBadge();
}
