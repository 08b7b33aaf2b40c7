using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// The process dies right after AWS carried out a call and before the answer reached the journal — after each single
/// call in turn. The next start must reconcile by journal and tag and end with nothing orphaned and nothing duplicated.
/// </summary>
public sealed class CrashRecoveryTests : EngineTestBase
{
    // New pool + API with 2 routes: pool, API, client, integration, stage, authorizer, 2 routes = 8 calls.
    public static TheoryData<int> CreateCalls => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(CreateCalls))]
    public async Task CrashAfterCreateCall_RestartRollsBackWithNoOrphanAndNoDuplicate(int callNumber)
    {
        var first = await StartHostAsync();
        var crashed = CrashAfter(callNumber, first);
        var created = await first.Service.CreateAsync(TestData.NewPoolSpec(routes: 2), EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await first.DisposeAsync();

        var second = await StartHostAsync();
        var recovered = await second.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Contains("stopped while creating", recovered.Error);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.True(Aws.Calls.Count(c => c == "CreateApi") <= 1, "a second API was created");
        Assert.True(Aws.Calls.Count(c => c == "CreateUserPool") <= 1, "a second pool was created");
        Assert.DoesNotContain(recovered.Journal, j => j.State == StepState.Intent);
    }

    // The person's pool + API with 1 route: describe pool, API, client, integration, stage, authorizer, route = 7 calls.
    public static TheoryData<int> ExistingPoolCreateCalls => [.. Enumerable.Range(1, 7)];

    [Theory]
    [MemberData(nameof(ExistingPoolCreateCalls))]
    public async Task CrashAfterCreateCallOnExistingPool_RestartRemovesOurClientAndKeepsThePoolAndItsOtherClients(int callNumber)
    {
        var cognito = Aws.Clients.Cognito(TestData.Region);
        var poolId = (await cognito.CreateUserPoolAsync(new() { PoolName = "their-pool" })).UserPool!.Id!;
        await cognito.CreateUserPoolClientAsync(new() { UserPoolId = poolId, ClientName = "their-mobile-app" });
        var first = await StartHostAsync();
        var crashed = CrashAfter(callNumber, first);
        var created = await first.Service.CreateAsync(TestData.ExistingPoolSpec(poolId), EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await first.DisposeAsync();

        var second = await StartHostAsync();
        var recovered = await second.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Contains("stopped while creating", recovered.Error);
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, poolId), "the person's pool was deleted");
        var left = await cognito.ListAllUserPoolClientsAsync(poolId).Select(c => c.ClientName).ToListAsync();
        Assert.Equal(["their-mobile-app"], left);
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.True(Aws.Calls.Count(c => c == "CreateUserPoolClient") <= 1, "a second app client was created");
        Assert.DoesNotContain(recovered.Journal, j => j.State == StepState.Intent);
    }

    // Owning pool and API: DeleteApi and DeleteUserPool.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CrashAfterDeleteCall_RestartFinishesTheDelete(int deleteCallNumber)
    {
        var first = await StartHostAsync();
        var created = await first.Service.CreateAsync(TestData.NewPoolSpec(routes: 2), EngineHost.Admin);
        await first.WaitForStateAsync(created.Id, DeploymentState.Active);
        Aws.ClearCalls();
        var crashed = CrashAfter(deleteCallNumber, first);
        await first.Service.DeleteAsync(created.Id, EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await first.DisposeAsync();

        var second = await StartHostAsync();
        var deleted = await second.WaitForStateAsync(created.Id, DeploymentState.Deleted, DeploymentState.Failed);

        Assert.Equal(DeploymentState.Deleted, deleted.State);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.All(deleted.Resources, r => Assert.True(r.Deleted));
    }

    private Task CrashAfter(int callNumber, EngineHost host)
    {
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Aws.CrashAfterCall(callNumber, () =>
        {
            host.Crash();
            crashed.TrySetResult();
        });
        return crashed.Task;
    }
}
