using SecureApi.Portal.Tests.Fakes;
using SecureApi.Portal.Components.Deployments;
using SecureApi.Portal.Components.Pages;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Portal.Tests.Components.Deployments;

public sealed class DeleteDialogTests : PortalTestContext
{
    [Fact]
    public void Delete_NamesWhatWillBeRemovedAndWhatIsKept()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var pool = deployment.Resources.Single(r => r.Kind == ResourceKind.UserPool);
        Fake.Previews[deployment.Id] = new DeletePreview(
            deployment.Id,
            [.. deployment.Resources.Where(r => r.Kind != ResourceKind.UserPool)],
            [new KeptResource(pool, "orders-api uses this pool too.")],
            null);

        var cut = RenderDialog(deployment);

        var removed = cut.Find("ul.will-delete").TextContent;
        var kept = cut.Find("ul.will-keep").TextContent;
        Assert.Contains("a1b2c3", removed);
        Assert.Contains("client123abc", removed);
        Assert.DoesNotContain("eu-west-1_Pool123", removed);
        Assert.Contains("eu-west-1_Pool123", kept);
        Assert.Contains("orders-api uses this pool too.", kept);
        Assert.Empty(Fake.DeleteCalls);
    }

    [Fact]
    public async Task Delete_Confirm_DeletesOnceAndFollowsTheDeleteLive()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var cut = RenderDialog(deployment);

        cut.FindAll("button").Single(b => b.TextContent == "Confirm delete").Click();

        Assert.Equal([deployment.Id], Fake.DeleteCalls);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent == "Confirm delete");
        Assert.Equal("Deleting", cut.Find(".live-state .badge").TextContent);
        await Fake.ChangeAsync(deployment with { State = DeploymentState.Deleted });
        cut.WaitForAssertion(() => Assert.Equal("Deleted", cut.Find(".live-state .badge").TextContent), Patience);
    }

    [Fact]
    public void Delete_RefusedWhileProvisioning_ShowsTheReasonAndNoConfirm()
    {
        var deployment = Fake.Put(SampleDeployments.New("users-api", DeploymentState.Provisioning));
        Fake.Previews[deployment.Id] = new DeletePreview(deployment.Id, [], [],
            "users-api is still being created; delete it once it has finished.");

        var cut = RenderDialog(deployment);

        Assert.Contains("still being created", cut.Find("[role=alert]").TextContent);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent == "Confirm delete");
    }

    [Fact]
    public void Delete_RefusedByTheServiceOnConfirm_ShowsItsMessage()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        Fake.DeleteFailure = new ProvisioningException("users-api started provisioning again; try the delete when it is done.");
        var cut = RenderDialog(deployment);

        cut.FindAll("button").Single(b => b.TextContent == "Confirm delete").Click();

        Assert.Contains("try the delete when it is done", cut.Find("[role=alert]").TextContent);
    }

    [Fact]
    public void Delete_FromTheDetailsPage_OpensTheDialogAndTheJournalFollows()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var cut = Render<DeploymentDetailsPage>(ps => ps.Add(p => p.Id, deployment.Id));

        cut.FindAll("header button").Single(b => b.TextContent == "Delete").Click();
        Assert.Equal("dialog", cut.Find(".dialog").GetAttribute("role"));
        cut.FindAll("button").Single(b => b.TextContent == "Confirm delete").Click();

        Assert.Single(Fake.DeleteCalls);
        cut.WaitForAssertion(() => Assert.Equal("Deleting", cut.Find("header .badge").TextContent), Patience);
    }

    [Fact]
    public void Delete_Cancel_ClosesWithoutDeleting()
    {
        var deployment = Fake.Put(SampleDeployments.Active());
        var closed = false;
        var cut = Render<DeleteDialog>(ps => ps
            .Add(p => p.DeploymentId, deployment.Id)
            .Add(p => p.Name, deployment.Name)
            .Add(p => p.OnClose, () => closed = true));

        cut.FindAll("button").Single(b => b.TextContent == "Cancel").Click();

        Assert.True(closed);
        Assert.Empty(Fake.DeleteCalls);
    }

    private IRenderedComponent<DeleteDialog> RenderDialog(DeploymentDetails deployment) =>
        Render<DeleteDialog>(ps => ps
            .Add(p => p.DeploymentId, deployment.Id)
            .Add(p => p.Name, deployment.Name)
            .Add(p => p.OnClose, () => { }));
}
