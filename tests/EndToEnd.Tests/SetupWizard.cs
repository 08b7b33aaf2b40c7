using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>The guided setup at /setup as a person uses it: by labels, headings and button names.</summary>
public sealed class SetupWizard(IPage page)
{
    public ILocator StepHeading => page.GetByRole(AriaRole.Heading, new() { Level = 2 }).First;

    public ILocator CurrentStep => page.GetByRole(AriaRole.List, new() { Name = "Setup steps" }).Locator("[aria-current=step]");

    public ILocator Next => page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });

    public async Task ExpectStepAsync(string title, string stepperLabel)
    {
        await Expect(StepHeading).ToHaveTextAsync(title);
        await Expect(CurrentStep).ToHaveTextAsync(stepperLabel);
    }

    public async Task FillApiAsync(string name, string region)
    {
        await ExpectStepAsync("1. Your API", "API");
        await page.GetByLabel("API name").FillAsync(name);
        await page.GetByLabel("Region").SelectOptionAsync(region);
    }

    public async Task FillRouteAsync(int n, string method, string path)
    {
        await page.GetByLabel($"Method (route {n})").SelectOptionAsync(method);
        await page.GetByLabel($"Path (route {n})").FillAsync(path);
    }

    public async Task FillNewPoolAsync(string poolName)
    {
        await ExpectStepAsync("3. Who can sign in: the user pool", "User pool");
        await page.GetByLabel("Create a new user pool").CheckAsync();
        await page.GetByLabel("New user pool name").FillAsync(poolName);
        await page.GetByLabel("Email address").CheckAsync();
        await page.GetByLabel("Phone number").UncheckAsync();
        await page.GetByLabel("User name").UncheckAsync();
    }

    public async Task UseSandboxEchoAsync(string sandboxUrl)
    {
        await ExpectStepAsync("5. The integration: where requests go", "Integration");
        await page.GetByLabel("Method", new() { Exact = true }).SelectOptionAsync("ANY");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the Sandbox echo target" }).ClickAsync();
        await Expect(page.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync(new Regex("^" + Regex.Escape(sandboxUrl)));
    }

    /// <summary>The whole flow with one route, a new email pool, default authorizer and the echo target; then Create.</summary>
    public async Task<DeploymentPage> CreateAsync(string apiName, string sandboxUrl, string region = "us-east-1")
    {
        await FillApiAsync(apiName, region);
        await Next.ClickAsync();
        await ExpectStepAsync("2. Routes to protect", "Routes");
        await FillRouteAsync(1, "GET", "/users/{userId}");
        await Next.ClickAsync();
        await FillNewPoolAsync($"{apiName}-users");
        await Next.ClickAsync();
        await ExpectStepAsync("4. The authorizer: who gets through", "Authorizer");
        await Next.ClickAsync();
        await UseSandboxEchoAsync(sandboxUrl);
        await Next.ClickAsync();
        await ExpectStepAsync("6. Review and create", "Review");
        return await PressCreateAsync();
    }

    public async Task<DeploymentPage> PressCreateAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DeploymentPage.UrlPattern);
        var details = new DeploymentPage(page);
        await Expect(details.State).ToBeVisibleAsync();
        await PortalProcess.WaitUntilInteractiveAsync(page);
        return details;
    }
}
