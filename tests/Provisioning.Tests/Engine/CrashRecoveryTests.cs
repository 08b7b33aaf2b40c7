using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Deployments.Worker;
using SecureApi.Provisioning.Records;

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
}

/// <summary>
/// `dotnet run` stopped mid-create and run again, with no Provisioning:InstanceId: the new process's name differs from
/// the old one's, yet it takes the interrupted work back at once instead of waiting out the old claim's lease.
/// </summary>
public sealed class RestartWithoutInstanceIdTests : EngineTestBase
{
    [Fact]
    public async Task ProcessRestartedWithoutAnInstanceId_TakesBackItsPredecessorsWork_WithoutWaitingForTheLease()
    {
        // A lease far longer than the wait below: the recovery can only come from seeing the predecessor is gone.
        static void DefaultName(IConfigurationBuilder configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provisioning:InstanceId"] = "",
            ["Provisioning:LeaseDuration"] = "00:30:00",
        });
        var first = await StartHostAsync(DefaultName);
        var crashed = CrashAfter(3, first);
        var created = await first.Service.CreateAsync(TestData.NewPoolSpec(routes: 2), EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await first.DisposeAsync();
        var claim = await ClaimOfAsync(created.Id);
        Assert.Matches($"^{Environment.MachineName}-{Environment.ProcessId}-[0-9a-f]{{8}}$", claim.ClaimedBy);
        Assert.True(claim.ClaimedUntil > DateTimeOffset.UtcNow.AddMinutes(20), "the dead process's claim should still be far from lapsing");

        var second = await StartHostAsync(DefaultName);
        var recovered = await second.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Null((await ClaimOfAsync(created.Id)).ClaimedBy);
    }

    [Fact]
    public void OnlyDefaultNamesOfThisMachine_WhoseProcessIsGone_CountAsDead()
    {
        var machine = Environment.MachineName;
        using var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        exited.WaitForExit();

        Assert.True(DeploymentClaims.IsDeadLocalHolder($"{machine}-{exited.Id}-0badc0de"));
        Assert.True(DeploymentClaims.IsDeadLocalHolder($"{machine}-{Environment.ProcessId}-0badc0de"));
        // A process that runs (this one's parent), another machine, a configured name: never taken.
        Assert.False(DeploymentClaims.IsDeadLocalHolder($"{machine}-{Environment.ProcessId}x-0badc0de"));
        Assert.False(DeploymentClaims.IsDeadLocalHolder($"{machine}-{ParentProcessId()}-0badc0de"));
        Assert.False(DeploymentClaims.IsDeadLocalHolder($"other-{machine}-{exited.Id}-0badc0de"));
        Assert.False(DeploymentClaims.IsDeadLocalHolder("engine-host"));
        Assert.False(DeploymentClaims.IsDeadLocalHolder($"{machine}-{exited.Id}"));
    }

    private static int ParentProcessId()
    {
        // /proc/self/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the closing parenthesis.
        var stat = File.ReadAllText("/proc/self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(string? ClaimedBy, DateTimeOffset? ClaimedUntil)> ClaimOfAsync(Guid id)
    {
        await using var records = new ServiceCollection().AddRecords(new RecordsOptions { DataDirectory = DataDirectory, MigrateOnStart = false }).BuildServiceProvider();
        await using var db = await records.GetRequiredService<IDbContextFactory<RecordsDbContext>>().CreateDbContextAsync();
        var row = await db.Deployments.AsNoTracking().SingleAsync(d => d.Id == id);
        return (row.ClaimedBy, row.ClaimedUntil);
    }
}
