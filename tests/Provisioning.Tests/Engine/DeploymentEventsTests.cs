using Microsoft.Extensions.Logging.Abstractions;
using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Tests.Engine;

public sealed class DeploymentEventsTests
{
    [Fact]
    public async Task Publish_SubscriberThatThrows_DoesNotStopOtherSubscribers()
    {
        var events = new DeploymentEvents(NullLogger<DeploymentEvents>.Instance);
        var id = Guid.NewGuid();
        var received = new TaskCompletionSource<DeploymentChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var broken = events.Subscribe(id, _ => throw new InvalidOperationException("page went away"));
        using var page = events.Subscribe(id, change => { received.TrySetResult(change); return Task.CompletedTask; });

        events.Publish(new DeploymentChanged(id, DeploymentState.Provisioning, "create-api", StepState.Succeeded, DateTimeOffset.UtcNow));

        var change = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("create-api", change.Step);
    }

    [Fact]
    public async Task Subscribe_ToOneDeployment_IgnoresOthers_AndStopsAfterDispose()
    {
        var events = new DeploymentEvents(NullLogger<DeploymentEvents>.Instance);
        var mine = Guid.NewGuid();
        var seen = new List<Guid>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = events.Subscribe(mine, c => { lock (seen) { seen.Add(c.DeploymentId); } return Task.CompletedTask; });
        using var everything = events.Subscribe(null, _ => { all.TrySetResult(); return Task.CompletedTask; });

        events.Publish(new DeploymentChanged(Guid.NewGuid(), DeploymentState.Active, null, null, DateTimeOffset.UtcNow));
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        subscription.Dispose();
        events.Publish(new DeploymentChanged(mine, DeploymentState.Active, null, null, DateTimeOffset.UtcNow));
        await Task.Delay(200);

        lock (seen)
        {
            Assert.Empty(seen);
        }
    }
}
