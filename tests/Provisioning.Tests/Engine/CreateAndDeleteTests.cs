using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Aws.HttpApi;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class CreateAndDeleteTests : EngineTestBase
{
    [Fact]
    public async Task Create_NewPoolAndApi_EndsActiveWithComputedIssuerAudienceAndInvokeUrl()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 3), EngineHost.Admin);
        Assert.Equal(DeploymentState.Pending, created.State);

        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active, DeploymentState.RolledBack, DeploymentState.Failed);

        Assert.Equal(DeploymentState.Active, active.State);
        Assert.Equal($"https://cognito-idp.us-east-1.amazonaws.com/{active.UserPoolId}", active.Issuer);
        Assert.Equal(active.ClientId, active.Audience);
        Assert.Equal((await Aws.Clients.HttpApi(TestData.Region).GetApiAsync(new() { ApiId = active.ApiId! })).ApiEndpoint, active.InvokeUrl);
        Assert.Equal("$default", active.StageName);
        Assert.Equal(3, active.Routes.Count);
        Assert.All(active.Routes, r => Assert.NotNull(r.RouteId));
        Assert.All(active.Journal, j => Assert.Equal(StepState.Succeeded, j.State));
        Assert.All(active.Journal, j => Assert.False(string.IsNullOrEmpty(j.AwsRequestId), $"{j.Step} has no AWS request id"));
        Assert.NotNull(active.CompletedAt);
    }

    [Fact]
    public async Task Create_SendsRoutesAlreadyProtected_TaggedResources_AndClientFlows()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 5), EngineHost.Admin);
        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active);

        var routes = Aws.Requests.OfType<CreateRouteRequest>().ToList();
        Assert.Equal(5, routes.Count);
        Assert.All(routes, r =>
        {
            Assert.Equal("JWT", r.AuthorizationType);
            Assert.Equal(active.AuthorizerId, r.AuthorizerId);
            Assert.Equal($"integrations/{active.IntegrationId}", r.Target);
        });
        Assert.DoesNotContain("UpdateRoute", Aws.Calls);

        var tag = DeploymentTags.Value(created.Id);
        Assert.Equal(tag, Assert.Single(Aws.Requests.OfType<CreateUserPoolRequest>()).UserPoolTags![DeploymentTags.Key]);
        Assert.Equal(tag, Assert.Single(Aws.Requests.OfType<CreateApiRequest>()).Tags![DeploymentTags.Key]);
        var stage = Assert.Single(Aws.Requests.OfType<CreateStageRequest>());
        Assert.Equal(tag, stage.Tags![DeploymentTags.Key]);
        Assert.True(stage.AutoDeploy);

        var client = Assert.Single(Aws.Requests.OfType<CreateUserPoolClientRequest>());
        Assert.Equal(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], client.ExplicitAuthFlows);
        Assert.False(client.GenerateSecret);

        var integration = Assert.Single(Aws.Requests.OfType<CreateIntegrationRequest>());
        Assert.Equal(("HTTP_PROXY", "GET", "https://backend.example.com", "1.0"),
            (integration.IntegrationType, integration.IntegrationMethod, integration.IntegrationUri, integration.PayloadFormatVersion));

        var authorizer = Assert.Single(Aws.Requests.OfType<CreateAuthorizerRequest>());
        Assert.Equal(["$request.header.Authorization"], authorizer.IdentitySource);
        Assert.Equal([active.ClientId!], authorizer.JwtConfiguration!.Audience);
    }

    [Fact]
    public async Task CreateThenDelete_LeavesNothingTaggedBehind_AndRecordStaysDeleted()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 2), EngineHost.Admin);
        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active);
        Aws.ClearCalls();

        await host.Service.DeleteAsync(created.Id, EngineHost.Admin);
        var deleted = await host.WaitForStateAsync(created.Id, DeploymentState.Deleted, DeploymentState.Failed);

        Assert.Equal(DeploymentState.Deleted, deleted.State);
        // Owning both, the delete is the two parents in parallel: AWS removes their children.
        Assert.Equal(["DeleteApi", "DeleteUserPool"], Aws.Calls.Order());
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.All(deleted.Resources, r => Assert.True(r.Deleted));
        Assert.Equal(active.ApiId, deleted.Resources.Single(r => r.Kind == ResourceKind.Api).AwsId);
        Assert.Contains(deleted.Journal, j => j.Step == "delete-api" && j.State == StepState.Succeeded);
    }

    [Fact]
    public async Task Delete_CalledTwiceConcurrently_SendsOneSetOfDeleteCalls()
    {
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Active);
        Aws.ClearCalls();

        var both = await Task.WhenAll(
            Task.Run(() => host.Service.DeleteAsync(created.Id, EngineHost.Admin)),
            Task.Run(() => host.Service.DeleteAsync(created.Id, EngineHost.Admin)));
        Assert.All(both, d => Assert.Contains(d.State, new[] { DeploymentState.Deleting, DeploymentState.Deleted }));
        await host.WaitForStateAsync(created.Id, DeploymentState.Deleted);
        var again = await host.Service.DeleteAsync(created.Id, EngineHost.Admin);

        Assert.Equal(DeploymentState.Deleted, again.State);
        Assert.Equal(1, Aws.Calls.Count(c => c == "DeleteApi"));
        Assert.Equal(1, Aws.Calls.Count(c => c == "DeleteUserPool"));
    }

    [Fact]
    public async Task Delete_WhileProvisioning_IsRefusedWithClearMessage()
    {
        Aws.Latency = TimeSpan.FromMilliseconds(1500);
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(), EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Provisioning);

        var refused = await Assert.ThrowsAsync<ProvisioningException>(() => host.Service.DeleteAsync(created.Id, EngineHost.Admin));

        Assert.Contains("still being created", refused.Message);
        await host.WaitForStateAsync(created.Id, DeploymentState.Active);
    }

    [Fact]
    public async Task Delete_WhenPoolSharedByAnotherDeployment_KeepsPool()
    {
        var host = await StartHostAsync();
        var owner = await host.Service.CreateAsync(TestData.NewPoolSpec("first-api"), EngineHost.Admin);
        var first = await host.WaitForStateAsync(owner.Id, DeploymentState.Active);
        var reuse = await host.Service.CreateAsync(TestData.ExistingPoolSpec(first.UserPoolId!, "second-api"), EngineHost.Admin);
        var second = await host.WaitForStateAsync(reuse.Id, DeploymentState.Active);
        Assert.Equal(first.UserPoolId, second.UserPoolId);

        var preview = await host.Service.PreviewDeleteAsync(owner.Id, EngineHost.Admin);
        var kept = Assert.Single(preview.WillKeep);
        Assert.Equal(ResourceKind.UserPool, kept.Resource.Kind);
        Assert.Contains("second-api", kept.Reason);

        await host.Service.DeleteAsync(owner.Id, EngineHost.Admin);
        await host.WaitForStateAsync(owner.Id, DeploymentState.Deleted);
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, first.UserPoolId!));

        // The second deployment reused the pool: deleting it removes its own client and API, never the pool.
        await host.Service.DeleteAsync(reuse.Id, EngineHost.Admin);
        await host.WaitForStateAsync(reuse.Id, DeploymentState.Deleted);
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, first.UserPoolId!));
        Assert.DoesNotContain("DeleteUserPool", Aws.Calls);
        Assert.Contains("DeleteUserPoolClient", Aws.Calls);
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
    }

    [Fact]
    public async Task Create_WithExistingPool_RecordsItAsNotOursAndNeverCreatesAPool()
    {
        var outside = await Aws.Clients.Cognito(TestData.Region).CreateUserPoolAsync(new() { PoolName = "made-elsewhere" });
        var poolId = outside.UserPool!.Id!;
        Aws.ClearCalls();
        var host = await StartHostAsync();

        var created = await host.Service.CreateAsync(TestData.ExistingPoolSpec(poolId), EngineHost.Admin);
        var active = await host.WaitForStateAsync(created.Id, DeploymentState.Active);
        await host.Service.DeleteAsync(created.Id, EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Deleted);

        Assert.DoesNotContain("CreateUserPool", Aws.Calls);
        Assert.Contains("DescribeUserPool", Aws.Calls);
        Assert.False(active.Resources.Single(r => r.Kind == ResourceKind.UserPool).CreatedByUs);
        Assert.Equal($"https://cognito-idp.us-east-1.amazonaws.com/{poolId}", active.Issuer);
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, poolId));
    }
}
