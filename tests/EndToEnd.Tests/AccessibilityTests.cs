using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>
/// Issue 5: the portal works with the keyboard only, every control has a label, and it is usable on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ManualVerificationPortalFixture fixture) : IClassFixture<ManualVerificationPortalFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private PortalProcess Portal => fixture.Portal;

    [Fact]
    public async Task KeyboardOnly_FromDashboardThroughSetupToVerified_NeedsNoMouseAndAlwaysShowsFocus()
    {
        var name = $"keys-{Guid.NewGuid():N}"[..13];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(KeyboardOnly_FromDashboardThroughSetupToVerified_NeedsNoMouseAndAlwaysShowsFocus));
        await session.RunAsync(async page =>
        {
            var keys = new KeyboardUser(page);
            var wizard = new SetupWizard(page);
            await Portal.SignInAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();

            // The first stop is the skip link, shown when focused; then on to "Secure an API".
            await keys.TabToAsync("Skip to content", KeyboardUser.Link("Skip to content"));
            await keys.TabToAsync("Secure an API", KeyboardUser.Link("Secure an API"));
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secure an API", Level = 1 })).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);

            await wizard.ExpectStepAsync("1. Your API", "API");
            await keys.TypeIntoAsync("API name", "api-name", name);
            await keys.ChooseAsync("Region", "api-region", "eu-west-1");
            await keys.PressButtonAsync("Next");

            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            // A new step takes focus to its heading, so the next Tab goes into its fields, not back to the page top.
            await Expect(wizard.StepHeading).ToBeFocusedAsync();
            await keys.ChooseAsync("Method (route 1)", "route-method-1", "GET");
            await keys.TypeIntoAsync("Path (route 1)", "route-path-1", "/users/{userId}");
            // Back is before Next: Shift+Tab from the Next button must reach it, then Tab returns to Next.
            await keys.TabToAsync("Next", KeyboardUser.Button("Next"));
            await keys.TabToAsync("Back", KeyboardUser.Button("Back"), backwards: true);
            await keys.PressButtonAsync("Next");

            await wizard.ExpectStepAsync("3. Who can sign in: the user pool", "User pool");
            await Expect(wizard.StepHeading).ToBeFocusedAsync();
            await keys.TabToAsync("Create a new user pool", KeyboardUser.Choice("radio", "Create a new user pool"));
            await page.Keyboard.PressAsync("Space");
            await Expect(page.GetByLabel("Create a new user pool")).ToBeCheckedAsync();
            await keys.TypeIntoAsync("New user pool name", "pool-name", $"{name}-users");
            await keys.SetCheckboxAsync("Email address", true);
            await keys.SetCheckboxAsync("Phone number", false);
            await keys.SetCheckboxAsync("User name", false);
            await keys.PressButtonAsync("Next");

            await wizard.ExpectStepAsync("4. The authorizer: who gets through", "Authorizer");
            await Expect(page.GetByLabel("Authorizer name")).ToHaveValueAsync("CognitoUserAuth");
            await keys.PressButtonAsync("Next");

            await wizard.ExpectStepAsync("5. The integration: where requests go", "Integration");
            await keys.ChooseAsync("Integration method", "integration-method", "ANY");
            await keys.PressButtonAsync("Use the Sandbox echo target");
            await Expect(page.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync(new Regex("^" + Regex.Escape(Portal.SandboxUrl.ToString())));
            await keys.PressButtonAsync("Next");

            await wizard.ExpectStepAsync("6. Review and create", "Review");
            await Expect(page.GetByRole(AriaRole.List, new() { Name = "What Create will make" })).ToContainTextAsync($"HTTP API “{name}” in eu-west-1");
            await keys.PressButtonAsync("Create");
            await Expect(page).ToHaveURLAsync(DeploymentPage.UrlPattern);
            await PortalProcess.WaitUntilInteractiveAsync(page);
            var details = new DeploymentPage(page);
            await details.ExpectStateAsync("Active");

            // This portal does not verify by itself: the Pass below is the run the Enter key started.
            await Expect(page.Locator(".verification-none").First).ToBeVisibleAsync();
            await keys.PressButtonAsync("Verify now");
            var verification = page.Locator(".verification-run").First;
            await Expect(verification.Locator(".badge")).ToHaveTextAsync("Pass", new() { Timeout = 60_000 });
            await session.ScreenshotAsync("a11y-keyboard-verified");

            // The delete dialog opens on its safe choice and Escape closes it, from the keyboard too.
            await keys.PressButtonAsync("Delete", backwards: true);
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{name}”?" });
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
            await keys.ExpectFocusVisibleAsync("Cancel");
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);
            await details.ExpectStateAsync("Active");
        });
    }

    [Fact]
    public async Task EveryControl_OnEveryStepDashboardDetailsAndDeleteDialog_HasAnAccessibleName()
    {
        var name = $"name-{Guid.NewGuid():N}"[..13];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(EveryControl_OnEveryStepDashboardDetailsAndDeleteDialog_HasAnAccessibleName));
        await session.RunAsync(async page =>
        {
            var wizard = new SetupWizard(page);
            await Portal.SignInAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();
            await PageChecks.ExpectEveryControlNamedAsync(page, "Dashboard");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Secure an API" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secure an API", Level = 1 })).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);
            await wizard.FillApiAsync(name, "us-east-1");
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 1 (API)");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a route" }).ClickAsync();
            await Expect(page.GetByLabel("Path (route 2)")).ToBeVisibleAsync();
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 2 (Routes, two routes)");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove route 2" }).ClickAsync();
            await wizard.FillRouteAsync(1, "GET", "/users/{userId}");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("3. Who can sign in: the user pool", "User pool");
            await page.GetByLabel("Use an existing pool in us-east-1").CheckAsync();
            await Expect(page.GetByLabel("Existing user pool")).ToBeVisibleAsync();
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 3 (User pool, existing)");
            await wizard.FillNewPoolAsync($"{name}-users");
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 3 (User pool, new)");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("4. The authorizer: who gets through", "Authorizer");
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 4 (Authorizer)");
            await wizard.Next.ClickAsync();

            await wizard.UseSandboxEchoAsync(Portal.SandboxUrl.ToString());
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 5 (Integration)");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("6. Review and create", "Review");
            await PageChecks.ExpectEveryControlNamedAsync(page, "Step 6 (Review)");
            var details = await wizard.PressCreateAsync();
            await details.ExpectStateAsync("Active");
            await PageChecks.ExpectEveryControlNamedAsync(page, "Details (Active, not verified)");

            await page.GetByRole(AriaRole.Button, new() { Name = "Verify now" }).ClickAsync();
            await Expect(page.Locator(".verification-run").First.Locator(".badge")).ToHaveTextAsync("Pass", new() { Timeout = 60_000 });
            await PageChecks.ExpectEveryControlNamedAsync(page, "Details (verified)");

            await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{name}”?" });
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" })).ToBeVisibleAsync();
            await PageChecks.ExpectEveryControlNamedAsync(page, "Delete dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
            await Expect(new Dashboard(page).Row(name)).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);
            await PageChecks.ExpectEveryControlNamedAsync(page, "Dashboard (with a deployment)");
        });
    }

    [Fact]
    public async Task NarrowScreen_DashboardEveryStepAndActiveDetails_NeverScrollSideways()
    {
        var name = $"narrow-{Guid.NewGuid():N}"[..15];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(NarrowScreen_DashboardEveryStepAndActiveDetails_NeverScrollSideways), Phone);
        await session.RunAsync(async page =>
        {
            async Task CheckAsync(string where, string screenshot)
            {
                await PageChecks.ExpectNoHorizontalScrollAsync(page, where);
                await session.ScreenshotAsync($"a11y-narrow-{screenshot}");
            }

            var wizard = new SetupWizard(page);
            await Portal.SignInAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();
            await CheckAsync("Dashboard", "0-dashboard");

            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Secure an API" }).First.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secure an API", Level = 1 })).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);
            await wizard.FillApiAsync(name, "us-east-1");
            await CheckAsync("Step 1 (API)", "1-api");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            await wizard.FillRouteAsync(1, "GET", "/users/{userId}");
            await CheckAsync("Step 2 (Routes)", "2-routes");
            await wizard.Next.ClickAsync();

            await wizard.FillNewPoolAsync($"{name}-users");
            await CheckAsync("Step 3 (User pool)", "3-user-pool");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("4. The authorizer: who gets through", "Authorizer");
            await CheckAsync("Step 4 (Authorizer)", "4-authorizer");
            await wizard.Next.ClickAsync();

            await wizard.UseSandboxEchoAsync(Portal.SandboxUrl.ToString());
            await CheckAsync("Step 5 (Integration)", "5-integration");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("6. Review and create", "Review");
            await CheckAsync("Step 6 (Review)", "6-review");

            var details = await wizard.PressCreateAsync();
            await details.ExpectStateAsync("Active");
            await details.ExpectFullCreateJournalAsync();
            await CheckAsync("Details (Active)", "7-details-active");

            // The checks table is the widest thing the portal shows.
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify now" }).ClickAsync();
            await Expect(page.Locator(".verification-run").First.Locator(".badge")).ToHaveTextAsync("Pass", new() { Timeout = 60_000 });
            await CheckAsync("Details (verified)", "8-details-verified");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
            await Expect(new Dashboard(page).Row(name)).ToBeVisibleAsync();
            await CheckAsync("Dashboard (with a deployment)", "9-dashboard-row");
        });
    }
}
