using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Tests.Verification;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// Several portal instances on one database (a SQLite file, and PostgreSQL): each deployment is worked on by one
/// instance at a time through a claim with a lease. Run once per provider by the sealed classes at the bottom.
/// </summary>
public abstract class SharedDatabaseTests : SharedDatabaseTestBase
{
    // Long enough that a loaded machine never lets a live instance's claim lapse between two renewals.
    private static readonly TimeSpan _steadyLease = TimeSpan.FromSeconds(10);
    // Short, so a dead instance's claim lapses quickly; renewed every 2 s by a live one, which leaves 4 s of slack for a
    // stalled thread pool on a loaded machine before a live claim could lapse.
    private static readonly TimeSpan _shortLease = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task DeploymentsRequestedThroughEitherInstance_AreEachCreatedAndDeletedExactlyOnce()
    {
        const int count = 6;
        var a = await StartInstanceAsync("instance-a", _steadyLease);
        var b = await StartInstanceAsync("instance-b", _steadyLease);
        var instances = new[] { a, b };

        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await instances[i % 2].Service.CreateAsync(TestData.NewPoolSpec($"shared-{i}-api"), EngineHost.Admin)).Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal(DeploymentState.Active, (await b.WaitForStateAsync(id, DeploymentState.Active, DeploymentState.Failed, DeploymentState.RolledBack)).State);
        }

        Assert.Equal(count, Aws.Calls.Count(c => c == "CreateUserPool"));
        Assert.Equal(count, Aws.Calls.Count(c => c == "CreateApi"));
        Assert.Equal(count, await TestData.ApiCountAsync(Aws.Clients));

        for (var i = 0; i < count; i++)
        {
            await instances[(i + 1) % 2].Service.DeleteAsync(ids[i], EngineHost.Admin);
        }

        foreach (var id in ids)
        {
            Assert.Equal(DeploymentState.Deleted, (await a.WaitForStateAsync(id, DeploymentState.Deleted, DeploymentState.Failed)).State);
        }

        Assert.Equal(count, Aws.Calls.Count(c => c == "DeleteApi"));
        Assert.Equal(count, Aws.Calls.Count(c => c == "DeleteUserPool"));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        foreach (var id in ids)
        {
            // Finished work frees its row, so the next request for it is taken up at once by any instance.
            await WaitForClaimAsync(id, c => c.ClaimedBy is null, "the claim was never released");
        }
    }

    [Fact]
    public async Task InstanceThatDiesMidCreate_LeavesAClaimAnotherTakesOverOnlyOnceItLapses_AndNothingIsDuplicated()
    {
        var a = await StartInstanceAsync("instance-a", _shortLease);
        // New pool + API with 2 routes makes 8 calls; dying after the last leaves everything made and unrecorded.
        var crashed = CrashAfter(8, a);
        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("takeover-api", routes: 2), EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await a.DisposeAsync();
        var left = await ClaimOfAsync(created.Id);
        Assert.Equal("instance-a", left.ClaimedBy);
        Assert.Equal(DeploymentState.Provisioning, left.State);

        var b = await StartInstanceAsync("instance-b", _shortLease);
        var recovered = await b.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Contains("stopped while creating", recovered.Error);
        // The first thing the taking-over instance writes is the outcome of the step the dead one left open.
        var settled = recovered.Journal.Where(j => j.Error?.Contains("stopped before", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(settled);
        Assert.All(settled, j => Assert.True(j.EndedAt >= left.ClaimedUntil,
            $"{j.Step} was settled at {j.EndedAt:O}, before the dead instance's claim lapsed at {left.ClaimedUntil:O}"));
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.Equal(1, Aws.Calls.Count(c => c == "CreateApi"));
        Assert.Equal(1, Aws.Calls.Count(c => c == "CreateUserPool"));

        // Retry (a new deployment from the same spec) on the surviving instance ends with one API and one pool.
        var retry = await b.Service.RetryAsync(created.Id, EngineHost.Admin);
        var active = await b.WaitForStateAsync(retry.Id, DeploymentState.Active, DeploymentState.Failed, DeploymentState.RolledBack);
        Assert.Equal(DeploymentState.Active, active.State);
        Assert.Equal(1, await TestData.ApiCountAsync(Aws.Clients));
        Assert.Equal(2, Aws.Calls.Count(c => c == "CreateApi"));
        Assert.Equal(2, Aws.Calls.Count(c => c == "CreateUserPool"));
    }

    [Fact]
    public async Task InstanceThatDiesMidDelete_LeavesAClaimAnotherTakesOverOnlyOnceItLapses_AndFinishesTheDelete()
    {
        var a = await StartInstanceAsync("instance-a", _shortLease);
        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("delete-takeover-api", routes: 2), EngineHost.Admin);
        await a.WaitForStateAsync(created.Id, DeploymentState.Active);
        await WaitForClaimAsync(created.Id, c => c.ClaimedBy is null, "the create never released its claim");
        var crashed = CrashAfter(1, a);
        await a.Service.DeleteAsync(created.Id, EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await a.DisposeAsync();
        var left = await ClaimOfAsync(created.Id);
        Assert.Equal("instance-a", left.ClaimedBy);
        Assert.Equal(DeploymentState.Deleting, left.State);

        var b = await StartInstanceAsync("instance-b", _shortLease);
        var deleted = await b.WaitForStateAsync(created.Id, DeploymentState.Deleted, DeploymentState.Failed);

        Assert.Equal(DeploymentState.Deleted, deleted.State);
        var settled = deleted.Journal.Where(j => j.Error?.Contains("stopped before", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(settled);
        Assert.All(settled, j => Assert.True(j.EndedAt >= left.ClaimedUntil,
            $"{j.Step} was settled at {j.EndedAt:O}, before the dead instance's claim lapsed at {left.ClaimedUntil:O}"));
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.All(deleted.Resources, r => Assert.True(r.Deleted));
    }

    [Fact]
    public async Task ClaimHeldByALiveInstance_IsNotTakenByAnother_EvenLongAfterItsFirstLeaseWouldHaveLapsed()
    {
        var sandbox = Assert.IsType<SandboxAws>(Aws);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The pool is made, but its answer is held back: instance A stays busy with the deployment for many leases.
        sandbox.Server.Control.AfterOperation = operation => operation == "CreateUserPool" ? release.Task : Task.CompletedTask;
        var a = await StartInstanceAsync("instance-a", _shortLease);
        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("held-api"), EngineHost.Admin);
        var first = await WaitForClaimAsync(created.Id, c => c.ClaimedBy == "instance-a", "instance A never claimed the deployment");
        var b = await StartInstanceAsync("instance-b", _shortLease);

        try
        {
            // A renews while it works: wait until its claim reaches two leases past the first one, which B (polling
            // four times a second) would have taken over had A not renewed it.
            var renewedUntil = first.ClaimedUntil!.Value + (2 * _shortLease);
            var held = await WaitForClaimAsync(created.Id, c => c.ClaimedUntil > renewedUntil || c.ClaimedBy != "instance-a",
                "instance A did not renew its claim");
            Assert.Equal("instance-a", held.ClaimedBy);
            Assert.Equal(DeploymentState.Provisioning, held.State);
        }
        finally
        {
            release.TrySetResult();
        }

        var active = await b.WaitForStateAsync(created.Id, DeploymentState.Active, DeploymentState.Failed, DeploymentState.RolledBack);
        Assert.Equal(DeploymentState.Active, active.State);
        Assert.DoesNotContain(active.Journal, j => j.Error?.Contains("stopped before", StringComparison.Ordinal) == true);
        Assert.Equal(1, Aws.Calls.Count(c => c == "CreateUserPool"));
        Assert.Equal(1, Aws.Calls.Count(c => c == "CreateApi"));
        Assert.Equal(1, await TestData.ApiCountAsync(Aws.Clients));
    }

    [Fact]
    public async Task ClaimTakenOverWhileWorking_StopsTheWorkWithoutMarkingItFailed_AndTheRowIsRecoveredOnceThatClaimLapses()
    {
        var sandbox = Assert.IsType<SandboxAws>(Aws);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sandbox.Server.Control.AfterOperation = operation => operation == "CreateUserPool" ? release.Task : Task.CompletedTask;
        var logs = new CapturedLogs();
        var a = await StartInstanceAsync("instance-a", _shortLease, services => services.AddSingleton<ILoggerProvider>(logs));
        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("stolen-api"), EngineHost.Admin);
        await WaitForClaimAsync(created.Id, c => c.ClaimedBy == "instance-a" && c.State == DeploymentState.Provisioning, "instance A never started");

        // What an instance that found A's claim lapsed (A stalled past its lease) would have written.
        await SetClaimAsync(created.Id, "instance-elsewhere", DateTimeOffset.UtcNow.AddHours(1));
        try
        {
            await WaitForLogAsync(logs, $"Work on deployment {created.Id} stopped: another instance took it over");
        }
        finally
        {
            release.TrySetResult();
        }

        var left = await ClaimOfAsync(created.Id);
        Assert.Equal(DeploymentState.Provisioning, left.State);
        Assert.Equal("instance-elsewhere", left.ClaimedBy);
        Assert.Equal(0, Aws.Calls.Count(c => c == "CreateRoute"));

        // The other instance "dies" in turn: once its claim lapses, A recovers the deployment like any interrupted one.
        await SetClaimAsync(created.Id, "instance-elsewhere", DateTimeOffset.UtcNow.AddSeconds(-1));
        var recovered = await a.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);
        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Empty(await TestData.TaggedLeftoversAsync(Aws.Clients, created.Id));
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
    }

    [Fact]
    public async Task CheckNow_OfADeploymentAnotherInstanceHolds_WaitsForThatInstance_ThenChecksOnce()
    {
        var a = await StartInstanceAsync("instance-a", _shortLease);
        var created = await a.Service.CreateAsync(TestData.NewPoolSpec("drift-claim-api"), EngineHost.Admin);
        await a.WaitForStateAsync(created.Id, DeploymentState.Active);
        await WaitForClaimAsync(created.Id, c => c.ClaimedBy is null, "the create never released its claim");
        await SetClaimAsync(created.Id, "instance-elsewhere", DateTimeOffset.UtcNow.AddHours(1));
        Aws.ClearCalls();

        var checking = a.Service.CheckDriftAsync(created.Id, EngineHost.Admin);
        // While another instance holds the deployment, nothing is sent to AWS and the check does not come back unchecked.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(checking.IsCompleted, "the check came back while another instance held the deployment");
        Assert.Empty(Aws.Calls);
        Assert.Equal("instance-elsewhere", (await ClaimOfAsync(created.Id)).ClaimedBy);

        await SetClaimAsync(created.Id, "instance-elsewhere", DateTimeOffset.UtcNow.AddSeconds(-1));
        var once = await checking;

        Assert.NotNull(once.LastDriftCheckAt);
        Assert.Equal(DeploymentState.Active, once.State);
        Assert.NotEmpty(Aws.Calls);
        Assert.Null((await ClaimOfAsync(created.Id)).ClaimedBy);
    }

    private Task<EngineHost> StartInstanceAsync(string instanceId, TimeSpan lease, Action<IServiceCollection>? services = null) =>
        StartInstanceAsync(instanceId, new Dictionary<string, string?> { ["Provisioning:LeaseDuration"] = lease.ToString("c") }, services);

    private sealed record Claim(DeploymentState State, string? ClaimedBy, DateTimeOffset? ClaimedUntil);

    // Read straight from the database, as the instances see it, independent of any instance still running.
    private async Task<Claim> ClaimOfAsync(Guid id)
    {
        await using var db = await OpenRecordsAsync();
        return await db.Deployments.Where(d => d.Id == id)
            .Select(d => new Claim(d.State, d.ClaimedBy, d.ClaimedUntil)).SingleAsync();
    }

    private async Task SetClaimAsync(Guid id, string claimedBy, DateTimeOffset claimedUntil)
    {
        await using var db = await OpenRecordsAsync();
        await db.Deployments.Where(d => d.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedBy, claimedBy).SetProperty(d => d.ClaimedUntil, claimedUntil));
    }

    private static async Task WaitForLogAsync(CapturedLogs logs, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never logged: {text}");
            await Task.Delay(50);
        }
    }

    private async Task<Claim> WaitForClaimAsync(Guid id, Func<Claim, bool> done, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var claim = await ClaimOfAsync(id);
            if (done(claim))
            {
                return claim;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{failure}: {claim}");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteSharedDatabaseTests : SharedDatabaseTests
{
    protected override RecordsProvider Provider => RecordsProvider.Sqlite;
}

public sealed class PostgresSharedDatabaseTests : SharedDatabaseTests
{
    protected override RecordsProvider Provider => RecordsProvider.Postgres;
}
