using Microsoft.Playwright;

namespace SecureApi.EndToEnd.Tests;

/// <summary>The dashboard at /: the grid of deployments.</summary>
public sealed class Dashboard(IPage page)
{
    /// <summary>The grid row whose name link is <paramref name="name"/>.</summary>
    public ILocator Row(string name) => page.GetByRole(AriaRole.Row)
        .Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });
}
