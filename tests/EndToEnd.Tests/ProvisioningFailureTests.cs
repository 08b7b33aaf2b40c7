using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>AWS refuses a call half-way: the page says what failed and what was rolled back, and Retry works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProvisioningFailureTests(BrowserFixture browser, RouteRejectingPortalFixture fixture) : IClassFixture<RouteRejectingPortalFixture>
{
    private PortalProcess Portal => fixture.Portal;

    [Fact]
    public async Task Create_WhenAwsRejectsTheRoute_EndsRolledBackExplainsWhyAndRetrySucceeds()
    {
        var name = $"fail-{Guid.NewGuid():N}"[..13];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(Create_WhenAwsRejectsTheRoute_EndsRolledBackExplainsWhyAndRetrySucceeds));
        await session.RunAsync(async page =>
        {
            await Portal.SignInAsync(page, "setup");
            var details = await new SetupWizard(page).CreateAsync(name, Portal.SandboxUrl.ToString());

            await details.ExpectStateAsync("RolledBack");
            var outcome = details.Outcome;
            await Expect(outcome.GetByRole(AriaRole.Heading, new() { Name = "The create did not finish" })).ToBeVisibleAsync();
            var reason = outcome.Locator("p", new() { HasText = "What failed:" });
            await Expect(reason).ToContainTextAsync("Create route GET /users/{userId}");
            await Expect(reason).ToContainTextAsync("BadRequestException (400)");
            await Expect(reason).ToContainTextAsync(RouteRejectingPortalFixture.RejectionMessage);

            // Everything made before the failure was removed again, and the page lists it.
            await Expect(outcome.GetByText("Rolled back (removed again):")).ToBeVisibleAsync();
            var rolledBack = outcome.Locator("ul.rolled-back li");
            foreach (var kind in new[] { "UserPool", "UserPoolClient", "Api", "Integration", "Stage", "Authorizer" })
            {
                await Expect(rolledBack.Filter(new() { HasTextRegex = new($"^{kind} ") })).ToHaveCountAsync(1);
            }
            await Expect(details.JournalEntry("CreateRoute")).ToContainTextAsync("Failed");
            await session.ScreenshotAsync("10-details-rolledback");

            // The injected failure was one call only: Retry makes a new deployment that gets through.
            var firstUrl = page.Url;
            await outcome.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(firstUrl);
            await Expect(page).ToHaveURLAsync(DeploymentPage.UrlPattern);
            await details.ExpectStateAsync("Active");
            await details.ExpectFullCreateJournalAsync();
        });
    }
}
