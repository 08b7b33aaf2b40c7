using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using SecureApi.Portal.Components.Layout;
using SecureApi.Portal.Components.Shared;

namespace SecureApi.Portal.Tests.Components.Layout;

public sealed class LayoutTests : PortalTestContext
{
    [Fact]
    public void Header_InSandboxMode_ShowsAClearSandboxBanner()
    {
        var cut = Render<MainLayout>(ps => ps.Add(p => p.Body, (RenderFragment)(b => b.AddContent(0, "page"))));

        Assert.Contains("SANDBOX", cut.Find(".mode-banner.sandbox").TextContent);
        Assert.Contains("http://127.0.0.1:4566", cut.Find(".mode-banner").TextContent);
        Assert.Contains("Local admin", cut.Find(".signed-in").TextContent);
    }

    [Fact]
    public void Header_AgainstRealAws_ShowsAccountAndRegion()
    {
        Mode.Sandbox = false;
        Mode.Account = "123456789012";
        Mode.Region = "eu-west-1";

        var cut = Render<ModeBanner>();

        Assert.Empty(cut.FindAll(".sandbox"));
        Assert.Contains("123456789012", cut.Find(".mode-banner").TextContent);
        Assert.Contains("eu-west-1", cut.Find(".mode-banner").TextContent);
    }

    [Fact]
    public void UnexpectedError_ShowsSomethingWentWrongWithATraceId_NotTheDetails()
    {
        var cut = Render<FriendlyErrorBoundary>(ps => ps.AddChildContent<Exploding>());

        var alert = cut.Find("[role=alert]");
        Assert.Contains("Something went wrong", alert.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(cut.Find("[role=alert] code").TextContent));
        Assert.DoesNotContain("secret connection string", alert.TextContent);
    }

    private sealed class Exploding : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("secret connection string");
    }
}
