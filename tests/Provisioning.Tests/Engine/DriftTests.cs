using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class DriftTests : EngineTestBase
{
    [Fact]
    public async Task DriftCheck_RouteSwitchedToNoneBehindOurBack_IsDriftedNamingRoute_ThenActiveWhenFixed()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 2), EngineHost.Admin);
        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active);
        var route = active.Routes.Single(r => r.RouteKey == "GET /users/{userId}");
        var httpApi = Aws.Clients.HttpApi(TestData.Region);

        var clean = await host.Service.CheckDriftAsync(created.Id, EngineHost.Admin);
        Assert.Equal(DeploymentState.Active, clean.State);
        Assert.NotNull(clean.LastDriftCheckAt);

        await httpApi.UpdateRouteAsync(new() { ApiId = active.ApiId!, RouteId = route.RouteId!, AuthorizationType = "NONE" });
        var drifted = await host.Service.CheckDriftAsync(created.Id, EngineHost.Admin);
        Assert.Equal(DeploymentState.Drifted, drifted.State);
        Assert.Contains("GET /users/{userId}", drifted.DriftDetails);
        Assert.Contains("NONE", drifted.DriftDetails);
        Assert.DoesNotContain("POST /items1", drifted.DriftDetails);

        await httpApi.UpdateRouteAsync(new() { ApiId = active.ApiId!, RouteId = route.RouteId!, AuthorizationType = "JWT", AuthorizerId = active.AuthorizerId });
        var fixedAgain = await host.Service.CheckDriftAsync(created.Id, EngineHost.Admin);
        Assert.Equal(DeploymentState.Active, fixedAgain.State);
        Assert.Null(fixedAgain.DriftDetails);
    }

    [Fact]
    public async Task DriftCheck_PoolDeletedBehindOurBack_IsDriftedNamingPool()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), EngineHost.Admin);
        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active);
        await Aws.Clients.Cognito(TestData.Region).DeleteUserPoolAsync(new() { UserPoolId = active.UserPoolId! });

        var drifted = await host.Service.CheckDriftAsync(created.Id, EngineHost.Admin);

        Assert.Equal(DeploymentState.Drifted, drifted.State);
        Assert.Contains($"user pool {active.UserPoolId} no longer exists", drifted.DriftDetails);
    }
}
