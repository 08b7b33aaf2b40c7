using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecureApi.EndToEnd.Tests;

/// <summary>The details page of one deployment (/deployments/{id}).</summary>
public sealed partial class DeploymentPage(IPage page)
{
    /// <summary>Long enough for a whole create or delete on a slow shared machine.</summary>
    public static readonly LocatorAssertionsToHaveTextOptions UntilDone = new() { Timeout = 60_000 };

    /// <summary>The AWS calls of a create with one route.</summary>
    public static readonly string[] CreateOperations =
        ["CreateUserPool", "CreateUserPoolClient", "CreateApi", "CreateIntegration", "CreateStage", "CreateAuthorizer", "CreateRoute"];

    public static Regex UrlPattern { get; } = DeploymentUrl();

    public ILocator State => page.GetByTestId("deployment-state");

    public ILocator Outcome => page.Locator("section.outcome");

    public ILocator Journal => page.GetByRole(AriaRole.Region, new() { Name = "Progress, step by step" }).GetByRole(AriaRole.Listitem);

    public ILocator InvokeUrl => page.GetByTestId("invoke-url");

    public ILocator Issuer => Outcome.GetByTestId("issuer");

    public ILocator Audience => Outcome.GetByTestId("audience");

    public Task ExpectStateAsync(string state) => Expect(State).ToHaveTextAsync(state, UntilDone);

    /// <summary>The journal entry of <paramref name="operation"/> (steps without a dependency between them run at once, so order varies).</summary>
    public ILocator JournalEntry(string operation) =>
        Journal.Filter(new() { Has = page.GetByText(operation, new() { Exact = true }) });

    /// <summary>Every create step is in the journal once, each Done with the id AWS gave.</summary>
    public async Task ExpectFullCreateJournalAsync()
    {
        await Expect(Journal).ToHaveCountAsync(CreateOperations.Length);
        foreach (var operation in CreateOperations)
        {
            var entry = JournalEntry(operation);
            await Expect(entry).ToHaveCountAsync(1);
            await Expect(entry).ToContainTextAsync("Done");
            await Expect(entry).ToContainTextAsync("→");
        }
    }

    [GeneratedRegex(@"/deployments/[0-9a-fA-F-]{36}$")]
    private static partial Regex DeploymentUrl();
}
