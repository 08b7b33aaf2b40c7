using SecureApi.Portal.Components.Dashboard;
using SecureApi.Portal.Components.Pages;
using SecureApi.Portal.Components.Verification;
using SecureApi.Portal.Tests.Fakes;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Specs;
using SecureApi.Provisioning.Verification;

namespace SecureApi.Portal.Tests.Verification;

public sealed class VerifyPanelTests : PortalTestContext
{
    [Fact]
    public void PassRun_ShowsThePassBadgeAndOneRowPerCheck_WithTheIntegrationsOwnStatusBesideTheAuthorizer()
    {
        var deployment = SampleDeployments.Active();
        deployment = deployment with { LatestVerification = SampleRuns.Pass(deployment.Id, integrationStatus: 502) };

        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));

        Assert.Equal("Pass", cut.Find(".verification-run .badge").TextContent);
        Assert.Contains("verification-pass", cut.Find(".verification-run .badge").ClassName);
        var rows = cut.FindAll("table.verification-checks tbody tr");
        Assert.Equal(5, rows.Count);
        Assert.Contains("No token", rows[0].TextContent);
        Assert.Contains("401", rows[0].TextContent);
        Assert.Contains("authorizer passed; integration answered 502", rows[1].TextContent);
        Assert.Contains("n/a", rows[4].TextContent);
        Assert.Contains("not-applicable", rows[4].ClassName);
        Assert.Contains("4 of 4 checks passed, 1 not applicable", cut.Find(".verification-run").TextContent);
    }

    [Fact]
    public void FailRun_ShowsTheFailBadgeAndMarksTheFailedCheck()
    {
        var deployment = SampleDeployments.Active();
        deployment = deployment with { LatestVerification = SampleRuns.Fail(deployment.Id) };

        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));

        Assert.Equal("Fail", cut.Find(".verification-run .badge").TextContent);
        var failed = cut.Find("tr.check.failed");
        Assert.Contains("FAILED", failed.TextContent);
        Assert.Contains("200", failed.TextContent);
        Assert.Contains("WITHOUT a token", failed.TextContent);
        Assert.Single(cut.FindAll("tr.check.passed"));
    }

    [Fact]
    public void NeverVerified_SaysSo_AndVerifyRunsAndShowsTheNewResult()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        Verifications.NextRun = id => SampleRuns.Fail(id);
        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));
        Assert.Contains("Not verified yet", cut.Markup);

        cut.Find("button.primary").Click();

        cut.WaitForAssertion(() => Assert.Equal("Fail", cut.Find(".verification-run .badge").TextContent), Patience);
        var call = Assert.Single(Verifications.VerifyCalls);
        Assert.Equal(deployment.Id, call.Id);
        Assert.False(call.Options.AllowTestUserInExistingPool);
        Assert.Null(call.Options.AccessToken);
    }

    [Fact]
    public void RefusedVerification_ShowsTheMessage()
    {
        var deployment = SampleDeployments.Active();
        Verifications.Failure = new ProvisioningException("The deployment 'users-api' is deleted: there is nothing left to verify.");
        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));

        cut.Find("button.primary").Click();

        cut.WaitForAssertion(() => Assert.Contains("nothing left to verify", cut.Find("[role=alert]").TextContent), Patience);
    }

    [Fact]
    public void ExistingPool_VerifyWaitsForConsent_ThenAsksForATestUser()
    {
        var deployment = ExistingPoolDeployment();
        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));
        Assert.Contains("existing user pool", cut.Markup);
        Assert.True(cut.Find("button.primary").HasAttribute("disabled"));
        Assert.NotNull(cut.Find("#pasted-token"));

        cut.Find(".consent input[type=checkbox]").Change(true);

        Assert.Empty(cut.FindAll("#pasted-token"));
        Assert.False(cut.Find("button.primary").HasAttribute("disabled"));
        cut.Find("button.primary").Click();
        cut.WaitForAssertion(() => Assert.True(Assert.Single(Verifications.VerifyCalls).Options.AllowTestUserInExistingPool), Patience);
    }

    [Fact]
    public void ExistingPoolWithoutConsent_APastedTokenIsUsedForTheRun_AndClearedAfterwards()
    {
        var deployment = ExistingPoolDeployment();
        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));

        cut.Find("#pasted-token").Input("eyJmy-own-token");
        cut.Find("button.primary").Click();

        cut.WaitForAssertion(() =>
        {
            var options = Assert.Single(Verifications.VerifyCalls).Options;
            Assert.Equal("eyJmy-own-token", options.AccessToken);
            Assert.False(options.AllowTestUserInExistingPool);
        }, Patience);
        cut.WaitForAssertion(() => Assert.DoesNotContain("eyJmy-own-token", cut.Markup), Patience);
    }

    [Fact]
    public void TryIt_ShowsTheCurlWithoutATokenAtOnce_AndWithAFreshTokenOnlyOnTheButton()
    {
        var deployment = SampleDeployments.Active();
        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));
        Assert.Contains("curl -i -X GET 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/users/101'", cut.Find(".try-it").TextContent);
        Assert.DoesNotContain("Bearer", cut.Markup);
        Assert.Empty(Verifications.TryItCalls);

        cut.FindAll("button").Single(b => b.TextContent.Contains("Show curl with a fresh token")).Click();

        cut.WaitForAssertion(() => Assert.Contains("Bearer eyJfresh", cut.Markup), Patience);
        Assert.Contains("expires at 2026-11-20 10:30:00 UTC", cut.Markup);
        Assert.Equal(2, cut.FindAll(".try-it .copyable button").Count);
        cut.FindAll(".try-it .copyable button")[1].Click();
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText"
            && (string?)i.Arguments[0] == "curl -i -X GET 'https://a1b2c3.execute-api.eu-west-1.amazonaws.com/users/101' -H 'Authorization: Bearer eyJfresh'");
    }

    [Fact]
    public void CheckDetailsAndRoutes_AreRenderedAsText()
    {
        var deployment = SampleDeployments.Active();
        deployment = deployment with
        {
            LatestVerification = SampleRuns.Run(deployment.Id, VerificationOutcome.Fail,
                [new VerificationCheckInfo("GET /<b>x</b>", VerificationCheckNames.NoToken, "401", null, false, true, 3, DateTimeOffset.UtcNow, "No answer: <script>alert(1)</script>")]),
        };

        var cut = Render<VerifyPanel>(p => p.Add(x => x.Deployment, deployment));

        Assert.DoesNotContain("<script>", cut.Markup);
        Assert.Contains("&lt;script&gt;", cut.Markup);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", cut.Markup);
    }

    [Fact]
    public void DetailsPage_ListsTheVerificationHistory_WithTheWaitNoted()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        Verifications.Runs[deployment.Id] =
        [
            SampleRuns.Fail(deployment.Id),
            SampleRuns.Run(deployment.Id, VerificationOutcome.Pass, SampleRuns.Pass(deployment.Id).Checks, "Waited 3.2 s (5 attempts) for the stage to start serving before the first check.", 3200),
        ];

        var cut = Render<DeploymentDetailsPage>(p => p.Add(x => x.Id, deployment.Id));

        var items = cut.WaitForElements("ol.verification-history > li", Patience);
        Assert.Equal(2, items.Count);
        Assert.Contains("Fail", items[0].QuerySelector("summary")!.TextContent);
        Assert.Contains("waited 3.2 s for the stage", items[1].QuerySelector("summary")!.TextContent);
        Assert.Contains("4 of 4 checks passed", items[1].TextContent);
    }

    [Fact]
    public void DashboardRow_OffersVerifyForActiveDeploymentsOnly_AndRunsIt()
    {
        var active = Fake.Put(SampleDeployments.Active("users-api"));
        Fake.Put(SampleDeployments.New("pending-api", DeploymentState.Pending));
        var cut = Render<DeploymentGrid>(p => p
            .Add(x => x.Filter, new DashboardFilter())
            .Add(x => x.OnDelete, _ => { }));

        var verify = cut.WaitForElements("button[aria-label^='Verify']", Patience);
        Assert.Equal("Verify users-api", Assert.Single(verify).GetAttribute("aria-label"));

        verify[0].Click();

        cut.WaitForAssertion(() => Assert.Equal(active.Id, Assert.Single(Verifications.VerifyCalls).Id), Patience);
        cut.WaitForAssertion(() => Assert.Contains("Pass", cut.Find(".row-message").TextContent), Patience);
    }

    private static DeploymentDetails ExistingPoolDeployment()
    {
        var deployment = SampleDeployments.Active();
        return deployment with
        {
            Spec = deployment.Spec with { UserPool = new UserPoolSpec { ExistingPoolId = "eu-west-1_Team" } },
            Resources = [.. deployment.Resources.Select(r => r.Kind == ResourceKind.UserPool ? r with { CreatedByUs = false } : r)],
        };
    }
}
