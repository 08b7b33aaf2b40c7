using SecureApi.Portal.Components.Dashboard;
using SecureApi.Portal.Components.Pages;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Components.Dashboard;

public sealed class DashboardTests : PortalTestContext
{
    [Fact]
    public void Dashboard_ShowsEachDeploymentWithItsStateAsABadge()
    {
        Fake.Put(SampleDeployments.Active("users-api"));
        Fake.Put(SampleDeployments.New("orders-api", DeploymentState.Provisioning));
        Fake.Put(SampleDeployments.New("billing-api", DeploymentState.RolledBack));

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tbody tr .badge").Count), Patience);
        var badges = cut.FindAll("tbody tr .badge").Select(b => (b.TextContent, b.ClassName)).ToList();
        Assert.Contains(("Active", "badge state-active"), badges);
        Assert.Contains(("Provisioning", "badge state-provisioning"), badges);
        Assert.Contains(("RolledBack", "badge state-rolledback"), badges);
        Assert.Contains("https://a1b2c3.execute-api.eu-west-1.amazonaws.com", cut.Find("tbody").TextContent);
    }

    [Fact]
    public void Dashboard_HidesDeletedByDefault_AndShowsThemWhenAsked()
    {
        Fake.Put(SampleDeployments.Active("live-api"));
        Fake.Put(SampleDeployments.New("gone-api", DeploymentState.Deleted));

        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Contains("live-api", cut.Find("tbody").TextContent), Patience);
        Assert.DoesNotContain("gone-api", cut.Find("tbody").TextContent);
        Assert.False(Fake.Queries[0].IncludeDeleted);

        cut.Find("#filter-deleted").Change(true);

        cut.WaitForAssertion(() => Assert.Contains("gone-api", cut.Find("tbody").TextContent), Patience);
        Assert.True(Fake.Queries[^1].IncludeDeleted);
    }

    [Fact]
    public void Dashboard_StateFilter_AsksTheServiceForThatState()
    {
        Fake.Put(SampleDeployments.Active("live-api"));
        Fake.Put(SampleDeployments.New("broken-api", DeploymentState.Failed));
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr .badge").Count), Patience);

        cut.Find("#filter-state").Change("Failed");

        cut.WaitForAssertion(() => Assert.Equal(DeploymentState.Failed, Fake.Queries[^1].State), Patience);
        cut.WaitForAssertion(() => Assert.DoesNotContain("live-api", cut.Find("tbody").TextContent), Patience);
        Assert.Contains("broken-api", cut.Find("tbody").TextContent);
    }

    [Fact]
    public void Dashboard_TextFilter_AsksTheServiceOnceTypingPauses()
    {
        Fake.Put(SampleDeployments.Active("users-api"));
        Fake.Put(SampleDeployments.Active("orders-api"));
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr .badge").Count), Patience);

        cut.Find("#filter-text").Input("ord");
        cut.Find("#filter-text").Input("orders");

        cut.WaitForAssertion(() => Assert.Equal("orders", Fake.Queries[^1].Text), Patience);
        cut.WaitForAssertion(() => Assert.DoesNotContain("users-api", cut.Find("tbody").TextContent), Patience);
    }

    [Fact]
    public void Filters_TextTypedInOneGo_RaisesOneChangeWithTheFinalText()
    {
        var changes = new List<DashboardFilter>();
        // A long pause keeps this about behaviour, not about how fast a shared machine types.
        var cut = Render<DashboardFilters>(ps => ps
            .Add(p => p.OnChanged, f => changes.Add(f))
            .Add(p => p.Debounce, TimeSpan.FromSeconds(2)));

        cut.Find("#filter-text").Input("o");
        cut.Find("#filter-text").Input("or");
        cut.Find("#filter-text").Input("orders");

        cut.WaitForAssertion(() => Assert.NotEmpty(changes), Patience);
        Assert.Equal("orders", Assert.Single(changes).Text);
    }

    [Fact]
    public void Dashboard_SortsByCreatedNewestFirstAndPagesInTheService()
    {
        Fake.Put(SampleDeployments.Active("users-api"));

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(Fake.Queries), Patience);
        var first = Fake.Queries[0];
        Assert.Equal(("createdAt", true, 0, 25), (first.SortBy, first.Descending, first.Skip, first.Take));
    }

    [Fact]
    public async Task Dashboard_UpdatesLiveWhenADeploymentChangesState()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.Provisioning));
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal("Provisioning", cut.Find("tbody .badge").TextContent), Patience);

        await Fake.ChangeAsync(deployment with { State = DeploymentState.Active });

        cut.WaitForAssertion(() => Assert.Equal("Active", cut.Find("tbody .badge").TextContent), Patience);
    }

    [Fact]
    public void Dashboard_NameWithScript_IsShownAsTextAndLinksToDetails()
    {
        var deployment = Fake.Put(SampleDeployments.Active("<script>alert(1)</script>"));

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("<script>alert(1)</script>", cut.Find("tbody a").TextContent), Patience);
        Assert.Empty(cut.FindAll("tbody script"));
        Assert.Equal($"/deployments/{deployment.Id}", cut.Find("tbody a").GetAttribute("href"));
    }

    [Fact]
    public void Dashboard_RowDelete_ConfirmedInTheDialog_DeletesThatDeployment()
    {
        var deployment = Fake.Put(SampleDeployments.Active("users-api"));
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => cut.Find("button[aria-label='Delete users-api']"), Patience);

        cut.Find("button[aria-label='Delete users-api']").Click();
        cut.WaitForAssertion(() => cut.Find("button.danger:not(.small)"), Patience);
        cut.FindAll("button").Single(b => b.TextContent == "Confirm delete").Click();

        Assert.Equal([deployment.Id], Fake.DeleteCalls);
        cut.WaitForAssertion(() => Assert.Equal("Deleting", cut.Find("tbody .badge").TextContent), Patience);
    }

    [Fact]
    public async Task Dashboard_Unsubscribes_WhenLeft()
    {
        Render<DashboardPage>();
        Assert.Equal(1, Fake.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Fake.SubscriberCount);
    }

    [Fact]
    public void Dashboard_WithNoDeployments_InvitesSomeoneWhoMayCreate_ToSecureAnApi()
    {
        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("No secured APIs yet", cut.Find("[data-testid=empty-state]").TextContent), Patience);
        Assert.Equal("/setup", cut.Find("[data-testid=empty-state] a").GetAttribute("href"));
        Assert.Equal("Secure an API", cut.Find("[data-testid=empty-state] a").TextContent);
    }

    [Fact]
    public void Dashboard_WithNoDeployments_ForAViewer_SaysSoWithoutALinkToCreate()
    {
        Caller.Caller = new Caller("v-1", "Vera", CallerRole.Viewer);

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("No secured APIs yet", cut.Find("[data-testid=empty-state]").TextContent), Patience);
        Assert.Empty(cut.FindAll("[data-testid=empty-state] a"));
        Assert.Empty(cut.FindAll("a[href='/setup']"));
    }

    [Fact]
    public void Dashboard_FiltersThatHideEverything_SayNothingMatches_NotThatNothingExists()
    {
        Fake.Put(SampleDeployments.Active("users-api"));
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Contains("users-api", cut.Find("tbody").TextContent), Patience);
        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));

        cut.Find("#filter-state").Change("Failed");

        cut.WaitForAssertion(() => Assert.Contains("No deployments match these filters", cut.Find("[data-testid=empty-state]").TextContent), Patience);
        Assert.DoesNotContain("No secured APIs yet", cut.Markup);
    }

    [Fact]
    public async Task Dashboard_EmptyState_GoesAwayWhenTheFirstDeploymentAppears()
    {
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => cut.Find("[data-testid=empty-state]"), Patience);

        await Fake.ChangeAsync(SampleDeployments.New("first-api", DeploymentState.Provisioning));

        cut.WaitForAssertion(() => Assert.Contains("first-api", cut.Find("tbody").TextContent), Patience);
        Assert.Empty(cut.FindAll("[data-testid=empty-state]"));
    }
}
