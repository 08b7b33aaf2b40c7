using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>A newcomer in sandbox mode: every setup step, Create, Active, 401 without a token, dashboard, delete.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NewcomerWalkthroughTests(BrowserFixture browser, SandboxPortalFixture fixture) : IClassFixture<SandboxPortalFixture>
{
    private PortalProcess Portal => fixture.Portal;

    [Fact]
    public async Task Walkthrough_FromEmptyPortalToDeleted_SecuresTheApiAndRemovesItAgain()
    {
        var name = $"walk-{Guid.NewGuid():N}"[..13];
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(Walkthrough_FromEmptyPortalToDeleted_SecuresTheApiAndRemovesItAgain));
        await session.RunAsync(async page =>
        {
            await Portal.SignInAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("SANDBOX");
            // An empty portal invites the newcomer to start: the empty state says so and links to the setup.
            var emptyState = page.GetByTestId("empty-state");
            await Expect(emptyState).ToContainTextAsync("No secured APIs yet");
            await emptyState.GetByRole(AriaRole.Link, new() { Name = "Secure an API" }).ClickAsync();
            // The new page's content first (the old page's live marker is gone then), then its circuit.
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secure an API", Level = 1 })).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);

            var wizard = new SetupWizard(page);
            await wizard.FillApiAsync(name, "eu-west-1");
            await session.ScreenshotAsync("1-setup-api");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            await wizard.FillRouteAsync(1, "GET", "/users/{userId}");
            await Expect(page.GetByRole(AriaRole.Main).Locator(".validation-message")).ToHaveCountAsync(0);
            await session.ScreenshotAsync("2-setup-routes");
            await wizard.Next.ClickAsync();

            await wizard.FillNewPoolAsync($"{name}-users");
            await session.ScreenshotAsync("3-setup-user-pool");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("4. The authorizer: who gets through", "Authorizer");
            await Expect(page.GetByLabel("Authorizer name")).ToHaveValueAsync("CognitoUserAuth");
            await Expect(page.GetByLabel("Identity source (where the token is read from)")).ToHaveValueAsync("$request.header.Authorization");
            await Expect(page.GetByTestId("issuer")).ToHaveTextAsync("https://cognito-idp.eu-west-1.amazonaws.com/<new pool id>");
            await session.ScreenshotAsync("4-setup-authorizer");
            await wizard.Next.ClickAsync();

            await wizard.UseSandboxEchoAsync(Portal.SandboxUrl.ToString());
            await session.ScreenshotAsync("5-setup-integration");
            await wizard.Next.ClickAsync();

            await wizard.ExpectStepAsync("6. Review and create", "Review");
            var list = page.GetByRole(AriaRole.List, new() { Name = "What Create will make" });
            await Expect(list).ToContainTextAsync($"HTTP API “{name}” in eu-west-1");
            await Expect(list).ToContainTextAsync("GET /users/{userId}");
            await Expect(list).ToContainTextAsync($"User pool “{name}-users”, people sign in with email");
            await Expect(list).ToContainTextAsync("JWT authorizer “CognitoUserAuth”");
            var picture = page.GetByRole(AriaRole.Figure);
            await Expect(picture).ToContainTextAsync("HTTP API");
            await Expect(picture).ToContainTextAsync(name);
            await Expect(picture).ToContainTextAsync("JWT authorizer");
            await Expect(picture).ToContainTextAsync("Integration");
            await session.ScreenshotAsync("6-setup-review");

            var details = await wizard.PressCreateAsync();
            await details.ExpectStateAsync("Active");
            await details.ExpectFullCreateJournalAsync();
            await Expect(details.Outcome.GetByRole(AriaRole.Heading, new() { Name = "Your API is secured" })).ToBeVisibleAsync();
            await Expect(details.InvokeUrl).ToHaveTextAsync(new Regex("^http://127\\.0\\.0\\.1:"));
            await Expect(details.Issuer).ToHaveTextAsync(new Regex(@"^https://cognito-idp\.eu-west-1\.amazonaws\.com/eu-west-1_\w+$"));
            await Expect(details.Audience).ToHaveTextAsync(new Regex(@"^\w{10,}$"));
            await session.ScreenshotAsync("7-details-active");

            // The API itself, called as any client would, refuses a request without a token.
            var invokeUrl = (await details.InvokeUrl.TextContentAsync())!.Trim();
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                using var response = await http.GetAsync($"{invokeUrl.TrimEnd('/')}/users/101");
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            // Proof on the page: Verify calls the API without a token, with access and ID tokens, with a tampered one.
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify now" }).ClickAsync();
            var verification = page.Locator(".verification-run").First;
            await Expect(verification.Locator(".badge")).ToHaveTextAsync("Pass", new() { Timeout = 60_000 });
            await Expect(verification.Locator("tr.check")).Not.ToHaveCountAsync(0);
            await session.ScreenshotAsync("7b-details-verified");

            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Secured APIs" })).ToBeVisibleAsync();
            await PortalProcess.WaitUntilInteractiveAsync(page);
            var dashboard = new Dashboard(page);
            var row = dashboard.Row(name);
            await Expect(row.GetByTestId("row-state")).ToHaveTextAsync("Active");
            await Expect(row).ToContainTextAsync("GET /users/{userId}");
            await Expect(row).ToContainTextAsync(invokeUrl);
            await session.ScreenshotAsync("8-dashboard");

            // The row's actions are in sight on a laptop-sized window, not scrolled off past ten columns.
            var deleteButton = row.GetByRole(AriaRole.Button, new() { Name = $"Delete {name}" });
            await Expect(deleteButton).ToBeInViewportAsync(new() { Ratio = 1 });
            await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Verify {name}" })).ToBeInViewportAsync(new() { Ratio = 1 });
            await deleteButton.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete “{name}”?" });
            await Expect(dialog).ToContainTextAsync("This removes from AWS:");
            // Everything Create made, plus the portal-managed test user that verification signed in with.
            await Expect(dialog.Locator("ul.will-delete li")).ToHaveCountAsync(DeploymentPage.CreateOperations.Length + 1);
            await session.ScreenshotAsync("9-delete-dialog");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
            await Expect(dialog.GetByText("Deleted", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);

            // Deleted deployments are hidden until asked for.
            await Expect(row).ToHaveCountAsync(0);
            await page.GetByLabel("Show deleted").CheckAsync();
            await Expect(row.GetByTestId("row-state")).ToHaveTextAsync("Deleted");

            await row.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(DeploymentPage.UrlPattern);
            await details.ExpectStateAsync("Deleted");
            await Expect(details.Outcome.GetByRole(AriaRole.Heading, new() { Name = "Deleted" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task RoutesStep_InvalidRouteKey_ShowsTheMessageAtTheFieldAndBlocksNext()
    {
        await using var session = await BrowserSession.StartAsync(browser, Portal, nameof(RoutesStep_InvalidRouteKey_ShowsTheMessageAtTheFieldAndBlocksNext));
        await session.RunAsync(async page =>
        {
            await Portal.SignInAsync(page, "setup");
            var wizard = new SetupWizard(page);
            await wizard.FillApiAsync("validation-api", "us-east-1");
            await wizard.Next.ClickAsync();
            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");

            var path = page.GetByLabel("Path (route 1)");
            await path.FillAsync("users/{userId}");
            var message = page.Locator(".route-row .validation-message");
            await Expect(message).ToHaveTextAsync("The path must start with /, e.g. /users (got \"users/{userId}\").");
            await Expect(path).ToHaveClassAsync(new Regex(@"\binvalid\b"));

            await wizard.Next.ClickAsync();
            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            await Expect(message).ToBeVisibleAsync();

            // Corrected, the message goes and Next moves on, with what was typed in step 1 kept.
            await path.FillAsync("/users/{userId}");
            await Expect(message).ToHaveCountAsync(0);
            await wizard.Next.ClickAsync();
            await wizard.ExpectStepAsync("3. Who can sign in: the user pool", "User pool");
            var back = page.GetByRole(AriaRole.Button, new() { Name = "Back" });
            await back.ClickAsync();
            await wizard.ExpectStepAsync("2. Routes to protect", "Routes");
            await Expect(path).ToHaveValueAsync("/users/{userId}");
            await back.ClickAsync();
            await wizard.ExpectStepAsync("1. Your API", "API");
            await Expect(page.GetByLabel("API name")).ToHaveValueAsync("validation-api");
        });
    }
}
