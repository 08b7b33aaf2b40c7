using System.Net;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class FailureTests : EngineTestBase
{
    [Fact]
    public async Task Create_WhenCreateRouteRejected_RollsBackEverythingAndRecordsCause()
    {
        Aws.FailCall("CreateRoute", 2, "BadRequestException", HttpStatusCode.BadRequest, "Unable to create route: invalid path");
        var host = await StartHostAsync();

        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 3), EngineHost.Admin);
        var done = await host.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, done.State);
        Assert.Contains("BadRequestException", done.Error);
        Assert.Contains("Unable to create route: invalid path", done.Error);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.Contains(done.Journal, j => j.Operation == "CreateRoute" && j.State == StepState.Failed && j.AwsRequestId is not null);
        Assert.All(done.Resources, r => Assert.True(r.Deleted));
    }

    [Fact]
    public async Task Create_WithInjectedThrottlingAndServerErrors_EndsActive()
    {
        Aws.FailCall("CreateUserPool", 1, "InternalErrorException", HttpStatusCode.InternalServerError, "Injected 500");
        Aws.FailCall("CreateApi", 1, "TooManyRequestsException", HttpStatusCode.TooManyRequests, "Too Many Requests", times: 2);
        Aws.FailCall("CreateRoute", 2, "TooManyRequestsException", HttpStatusCode.TooManyRequests, "Too Many Requests", times: 3);
        Aws.FailCall("CreateAuthorizer", 1, "ServiceUnavailableException", HttpStatusCode.ServiceUnavailable, "Injected 503");
        var host = await StartHostAsync();

        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 4), EngineHost.Admin);
        var done = await host.WaitForStateAsync(created.Id, DeploymentState.Active, DeploymentState.RolledBack, DeploymentState.Failed);

        Assert.Equal(DeploymentState.Active, done.State);
        Assert.Equal(4, done.Routes.Count(r => r.RouteId is not null));
        Assert.Equal(1, await TestData.ApiCountAsync(Aws.Clients));
        Assert.All(done.Journal, j => Assert.Equal(StepState.Succeeded, j.State));
    }

    [Fact]
    public async Task Create_WithKeepOnFailure_EndsFailedAndKeepsWhatWasMade()
    {
        Aws.FailCall("CreateAuthorizer", 1, "BadRequestException", HttpStatusCode.BadRequest, "Invalid issuer");
        var host = await StartHostAsync();

        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(keepOnFailure: true), EngineHost.Admin);
        var done = await host.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.Failed, done.State);
        Assert.Contains("Invalid issuer", done.Error);
        Assert.Equal(2, (await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id)).Count);
        Assert.DoesNotContain("DeleteApi", Aws.Calls);
        Assert.Contains(done.Resources, r => r.Kind == ResourceKind.UserPoolClient && !r.Deleted);

        // What was kept is removed by an explicit delete.
        await host.Service.DeleteAsync(created.Id, EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Deleted);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
    }

    [Fact]
    public async Task Create_WithExistingPoolThatDoesNotExist_RollsBackWithPlainCause()
    {
        var host = await StartHostAsync();

        var created = await host.Service.CreateAsync(TestData.ExistingPoolSpec("us-east-1_Missing123"), EngineHost.Admin);
        var done = await host.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, done.State);
        Assert.Contains("us-east-1_Missing123 does not exist", done.Error);
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
    }

    [Fact]
    public async Task Create_WithInvalidSpec_MakesNoAwsCallAndNamesEachField()
    {
        var host = await StartHostAsync();
        var invalid = TestData.NewPoolSpec() with
        {
            Region = "moon-1",
            Routes = ["FETCH users"],
            Integration = new IntegrationSpec { Method = "GET", Url = "not a url" },
        };

        var error = await Assert.ThrowsAsync<SpecValidationException>(() => host.Service.CreateAsync(invalid, EngineHost.Admin));

        Assert.Contains("region", error.Errors.Keys);
        Assert.Contains("routes[0]", error.Errors.Keys);
        Assert.Contains("integration.url", error.Errors.Keys);
        Assert.Empty((await host.Service.ListAsync(new DeploymentQuery { IncludeDeleted = true }, EngineHost.Admin)).Items);
        await Task.Delay(300);
        Assert.Empty(Aws.Calls);
    }
}
