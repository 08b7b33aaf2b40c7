using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureApi.Provisioning.Aws.Cognito;
using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Deployments.Recovery;
using SecureApi.Provisioning.Records;
using SecureApi.Provisioning.Specs;
using SecureApi.Provisioning.Tests.Engine.Fakes;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// The process dies right after Cognito made the app client in a pool the person chose, while other clients of the
/// same name appear in that pool. Recovery removes the client only when it is surely ours, and otherwise names them.
/// </summary>
public sealed class InterruptedClientTests : EngineTestBase
{
    private const string ClientName = "orders-web";

    [Fact]
    public async Task Recovery_WhenAnotherDeploymentRecordedASameNamedClient_DeletesOnlyOurs()
    {
        var (poolId, spec) = await ExistingPoolAsync();
        var first = await StartHostAsync();
        string? recordedElsewhere = null;
        var crashed = CrashAfterClientCreate(first, async () =>
        {
            recordedElsewhere = await CreateClientBehindTheEngineAsync(poolId);
            await RecordForAnotherDeploymentAsync(first, poolId, recordedElsewhere);
        });
        var created = await first.Service.CreateAsync(spec, EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        var ours = (await ClientIdsAsync(poolId)).Single(id => id != recordedElsewhere);
        await first.DisposeAsync();

        var second = await StartHostAsync();
        var recovered = await second.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.Equal([recordedElsewhere!], await ClientIdsAsync(poolId));
        Assert.Contains(recovered.Resources, r => r.Kind == ResourceKind.UserPoolClient && r.AwsId == ours && r.Deleted);
        Assert.True(await TestData.PoolExistsAsync(Aws.Clients, poolId), "the person's pool was deleted");
    }

    [Fact]
    public async Task Recovery_WhenTwoUnrecordedSameNamedClientsAppeared_DeletesNeitherAndNamesBoth()
    {
        var (poolId, spec) = await ExistingPoolAsync();
        var first = await StartHostAsync();
        var crashed = CrashAfterClientCreate(first, () => CreateClientBehindTheEngineAsync(poolId));
        var created = await first.Service.CreateAsync(spec, EngineHost.Admin);
        await crashed.WaitAsync(TimeSpan.FromSeconds(90));
        await first.DisposeAsync();
        var both = await ClientIdsAsync(poolId);

        var second = await StartHostAsync();
        var recovered = await second.WaitForStateAsync(created.Id, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Active);

        Assert.Equal(2, both.Count);
        Assert.Equal(both.Order(), (await ClientIdsAsync(poolId)).Order());
        Assert.Equal(DeploymentState.RolledBack, recovered.State);
        Assert.All(both, id => Assert.Contains(id, recovered.Error));
        Assert.Contains("None was removed", recovered.Error);
        Assert.Equal(0, await TestData.ApiCountAsync(Aws.Clients));
        Assert.DoesNotContain(recovered.Resources, r => r.Kind == ResourceKind.UserPoolClient);
    }

    [Fact]
    public async Task Candidates_AreSameNamedUnrecordedClientsCreatedSinceTheAttempt()
    {
        var fake = new FakeAws();
        var cognito = fake.Cognito(TestData.Region);
        var poolId = (await cognito.CreateUserPoolAsync(new() { PoolName = "theirs" })).UserPool!.Id!;
        async Task<string> MakeAsync(string name) =>
            (await cognito.CreateUserPoolClientAsync(new() { UserPoolId = poolId, ClientName = name })).UserPoolClient!.ClientId!;
        var ours = await MakeAsync(ClientName);
        var recorded = await MakeAsync(ClientName);
        var older = await MakeAsync(ClientName);
        await MakeAsync("another-app");
        var clients = fake.Pools[poolId].Clients;
        clients[older] = clients[older] with { CreationDate = DateTimeOffset.UtcNow.AddHours(-3) };

        var candidates = await UntaggedClientFinder.CandidatesAsync(
            cognito, poolId, ClientName, DateTimeOffset.UtcNow.AddMinutes(-1), new HashSet<string> { recorded }, CancellationToken.None);

        Assert.Equal([ours], candidates);
    }

    private async Task<(string PoolId, SecureApiSpec Spec)> ExistingPoolAsync()
    {
        var poolId = (await Aws.Clients.Cognito(TestData.Region).CreateUserPoolAsync(new() { PoolName = "their-pool" })).UserPool!.Id!;
        var spec = TestData.ExistingPoolSpec(poolId) with { AppClient = new AppClientSpec { Name = ClientName } };
        return (poolId, spec);
    }

    private async Task<string> CreateClientBehindTheEngineAsync(string poolId) =>
        (await Aws.Clients.Cognito(TestData.Region).CreateUserPoolClientAsync(new CreateUserPoolClientRequest
        {
            UserPoolId = poolId, ClientName = ClientName,
        })).UserPoolClient!.ClientId!;

    private async Task<List<string>> ClientIdsAsync(string poolId) =>
        await Aws.Clients.Cognito(TestData.Region).ListAllUserPoolClientsAsync(poolId).Select(c => c.ClientId!).ToListAsync();

    /// <summary>Another (live) deployment that reuses the same pool and has this client in its records.</summary>
    private static async Task RecordForAnotherDeploymentAsync(EngineHost host, string poolId, string clientId)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<RecordsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var other = new Deployment
        {
            Id = Guid.NewGuid(), Name = "other-api", Region = TestData.Region, State = DeploymentState.Active,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, UserPoolId = poolId, Version = Guid.NewGuid(),
        };
        db.Deployments.Add(other);
        db.Resources.Add(new DeploymentResource
        {
            DeploymentId = other.Id, Kind = ResourceKind.UserPoolClient, AwsId = clientId, ParentId = poolId, Name = ClientName,
            CreatedByUs = true, CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// After the engine's CreateUserPoolClient took effect: runs <paramref name="meanwhile"/>, then the process dies
    /// and the answer never arrives.
    /// </summary>
    private Task CrashAfterClientCreate(EngineHost host, Func<Task> meanwhile)
    {
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fired = 0;
        ((SandboxAws)Aws).Server.Control.AfterOperation = async operation =>
        {
            if (operation != "CreateUserPoolClient" || Interlocked.Exchange(ref fired, 1) == 1)
            {
                return;
            }

            await meanwhile();
            host.Crash();
            crashed.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2));
            throw new InvalidOperationException("Simulated crash: the answer never reaches the caller.");
        };
        return crashed.Task;
    }
}
