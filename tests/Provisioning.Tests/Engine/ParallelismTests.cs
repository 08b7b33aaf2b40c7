using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Tests.Engine.Fakes;

namespace SecureApi.Provisioning.Tests.Engine;

/// <summary>
/// Whether the engine puts every ready call in flight at once can only be seen inside the calls, so this runs on the
/// in-memory fake (no client rate limiter in between); the wall-time effect over the Sandbox is in bench/.
/// </summary>
public sealed class ParallelismTests : EngineTestBase
{
    private readonly FakeAws _fake = new();

    protected override Task<IAwsStandIn> CreateAwsAsync() => Task.FromResult<IAwsStandIn>(_fake);

    [Fact]
    public async Task Create_With50Routes_SendsEveryRouteCallAtOnce()
    {
        _fake.Latency = TimeSpan.FromMilliseconds(1500);
        var host = await StartHostAsync();
        var created = await host.Service.CreateAsync(TestData.NewPoolSpec(routes: 50), EngineHost.Admin);
        await host.WaitForStateAsync(created.Id, DeploymentState.Active);

        Assert.Equal(50, _fake.MaxInFlight("CreateRoute"));
        Assert.Equal(2, _fake.MaxInFlight("CreateUserPool") + _fake.MaxInFlight("CreateApi"));
    }
}
