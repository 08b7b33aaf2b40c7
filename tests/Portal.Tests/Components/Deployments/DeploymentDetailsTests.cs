using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Portal.Components.Pages;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Components.Deployments;

public sealed class DeploymentDetailsTests : PortalTestContext
{
    [Fact]
    public void Details_ShowsTheJournalAsATimelineWithCallsAndResourceIds()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.Provisioning) with
        {
            Journal =
            [
                SampleDeployments.Step("Create the user pool", "CreateUserPool", StepState.Succeeded, "eu-west-1_Pool123"),
                SampleDeployments.Step("Create the HTTP API", "CreateApi", StepState.Intent),
            ],
        });

        var cut = RenderDetails(deployment.Id);

        var steps = cut.FindAll("ol.timeline li");
        Assert.Equal(2, steps.Count);
        Assert.Contains("Done", steps[0].TextContent);
        Assert.Contains("CreateUserPool", steps[0].TextContent);
        Assert.Contains("eu-west-1_Pool123", steps[0].TextContent);
        Assert.Contains("Running", steps[1].TextContent);
        Assert.Equal("polite", cut.Find("ol.timeline").GetAttribute("aria-live"));
        Assert.Contains("close this tab", cut.Find(".outcome").TextContent);
    }

    [Fact]
    public async Task Details_UpdatesLiveWhenTheWorkerReportsAStep()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.Provisioning));
        var cut = RenderDetails(deployment.Id);
        Assert.Empty(cut.FindAll("ol.timeline li"));

        await Fake.ChangeAsync(deployment with
        {
            Journal = [SampleDeployments.Step("Create the HTTP API", "CreateApi", StepState.Succeeded, "a1b2c3")],
        }, "Create the HTTP API", StepState.Succeeded);

        cut.WaitForAssertion(() => Assert.Contains("a1b2c3", cut.Find("ol.timeline").TextContent), Patience);
        await Fake.ChangeAsync(SampleDeployments.Active() with { Id = deployment.Id });
        cut.WaitForAssertion(() => Assert.Equal("Active", cut.Find("header .badge").TextContent), Patience);
    }

    [Fact]
    public void Details_WhenActive_ShowsInvokeUrlIssuerAudienceAndTheVerifyNextStep()
    {
        var deployment = Fake.Put(SampleDeployments.Active());

        var cut = RenderDetails(deployment.Id);

        var outcome = cut.Find(".outcome").TextContent;
        Assert.Contains("https://a1b2c3.execute-api.eu-west-1.amazonaws.com", outcome);
        Assert.Contains("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool123", outcome);
        Assert.Contains("client123abc", outcome);
        Assert.Contains("Next step: verify", outcome);
        Assert.Contains("curl -i -X GET 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/users/101'", outcome);
    }

    [Fact]
    public void Details_ListsEveryResourceWithItsAwsId_AndConsoleLinksOnlyAgainstRealAws()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var sandbox = RenderDetails(deployment.Id);
        Assert.Contains("a1b2c3", sandbox.Find("table.resources").TextContent);
        Assert.Contains("eu-west-1_Pool123", sandbox.Find("table.resources").TextContent);
        Assert.Empty(sandbox.FindAll("table.resources a"));

        Mode.Sandbox = false;
        var real = RenderDetails(deployment.Id);

        var links = real.FindAll("table.resources a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains(links, l => l.StartsWith("https://eu-west-1.console.aws.amazon.com/apigateway/", StringComparison.Ordinal) && l.Contains("a1b2c3"));
        Assert.Contains(links, l => l.StartsWith("https://eu-west-1.console.aws.amazon.com/cognito/", StringComparison.Ordinal) && l.Contains("eu-west-1_Pool123"));
    }

    [Fact]
    public void Details_WhenRolledBack_SaysWhatFailedWhatWasRolledBack_AndRetryOpensTheNewAttempt()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.RolledBack) with
        {
            Error = "API Gateway refused the route: the path has an unclosed {.",
            Resources = [new ResourceInfo(ResourceKind.UserPool, "eu-west-1_Gone1", null, "users-api-users", true, true)],
        });
        var cut = RenderDetails(deployment.Id);

        var outcome = cut.Find(".outcome").TextContent;
        Assert.Contains("API Gateway refused the route", outcome);
        Assert.Contains("eu-west-1_Gone1", cut.Find("ul.rolled-back").TextContent);
        cut.FindAll("button").Single(b => b.TextContent == "Retry").Click();

        Assert.Equal([deployment.Id], Fake.RetryCalls);
        var retry = Fake.Store.Single(d => d.Id != deployment.Id);
        Assert.EndsWith($"/deployments/{retry.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Details_CheckNow_AsksForADriftCheckAndShowsTheResult()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var cut = RenderDetails(deployment.Id);
        Assert.Contains("never", cut.Find("section[aria-labelledby=drift-title]").TextContent);

        cut.FindAll("button").Single(b => b.TextContent == "Check now").Click();

        Assert.Equal([deployment.Id], Fake.DriftCalls);
        Assert.Contains("no longer uses the authorizer", cut.Find("section[aria-labelledby=drift-title]").TextContent);
        Assert.Equal("Drifted", cut.Find("header .badge").TextContent);
    }

    [Fact]
    public void Details_DrawsWhatWasMadeWithItsIds()
    {
        var deployment = Fake.Put(SampleDeployments.Active());

        var cut = RenderDetails(deployment.Id);

        var picture = cut.Find("figure.diagram").TextContent;
        foreach (var id in new[] { "a1b2c3", "auth77", "eu-west-1_Pool123", "client123abc", "GET /users/{userId}", "https://backend.example/users" })
        {
            Assert.Contains(id, picture);
        }
    }

    [Theory]
    [InlineData(DeploymentState.RolledBack, "rolled back")]
    [InlineData(DeploymentState.Deleted, "deleted")]
    public void Details_WhenTheApiIsGone_ThePictureSaysSo_AndShowsTheInvokeUrlStruckNotLive(DeploymentState state, string said)
    {
        var deployment = Fake.Put(SampleDeployments.Active() with { State = state });

        var cut = RenderDetails(deployment.Id);

        var picture = cut.Find("figure.diagram");
        Assert.Contains("removed", picture.ClassList);
        var note = cut.Find("[data-testid=picture-removed]").TextContent;
        Assert.Contains(said, note);
        Assert.Contains("no longer answers", note);
        Assert.Equal("https://a1b2c3.execute-api.eu-west-1.amazonaws.com", picture.QuerySelector("del")!.TextContent);
        Assert.Contains("no longer live", picture.QuerySelector(".invoke-url")!.TextContent);
    }

    [Fact]
    public void Details_RolledBackBeforeAnythingWasMade_PromisesNoNewIds()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.RolledBack));

        var cut = RenderDetails(deployment.Id);

        var picture = cut.Find("figure.diagram").TextContent;
        Assert.DoesNotContain("<new", picture);
        Assert.Contains("not made", picture);
        Assert.Contains("before its API was made", cut.Find("[data-testid=picture-removed]").TextContent);
    }

    [Fact]
    public void Details_WhenActive_ThePictureShowsTheInvokeUrlLive_WithoutARemovalNote()
    {
        var deployment = Fake.Put(SampleDeployments.Active());

        var cut = RenderDetails(deployment.Id);

        Assert.Empty(cut.FindAll("[data-testid=picture-removed]"));
        Assert.Empty(cut.FindAll("figure.diagram del"));
        Assert.Equal("https://a1b2c3.execute-api.eu-west-1.amazonaws.com", cut.Find("figure.diagram .invoke-url").TextContent);
    }

    [Fact]
    public void Details_NameWithScript_IsShownAsText()
    {
        var deployment = Fake.Put(SampleDeployments.Active("<script>alert(1)</script>"));

        var cut = RenderDetails(deployment.Id);

        Assert.Equal("<script>alert(1)</script>", cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void Details_UnknownId_SaysSoInsteadOfFailing()
    {
        var cut = RenderDetails(Guid.NewGuid());

        Assert.Contains("no deployment with this id", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public async Task Details_StopsListening_WhenLeft()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        RenderDetails(deployment.Id);
        Assert.Equal(1, Fake.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Fake.SubscriberCount);
    }

    private IRenderedComponent<DeploymentDetailsPage> RenderDetails(Guid id) =>
        Render<DeploymentDetailsPage>(ps => ps.Add(p => p.Id, id));
}
