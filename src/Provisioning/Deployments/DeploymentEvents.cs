using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SecureApi.Provisioning.Deployments;

/// <summary>
/// In-process <see cref="IDeploymentEvents"/>: the worker publishes, pages subscribe. Thread-safe; a subscriber that
/// throws or is slow never stops the worker or the other subscribers (each handler runs on its own, its failure logged).
/// </summary>
public sealed class DeploymentEvents(ILogger<DeploymentEvents> logger) : IDeploymentEvents
{
    private readonly ConcurrentDictionary<long, Subscription> _subscriptions = new();
    private long _nextId;

    /// <inheritdoc />
    public IDisposable Subscribe(Guid? deploymentId, Func<DeploymentChanged, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var id = Interlocked.Increment(ref _nextId);
        var subscription = new Subscription(deploymentId, handler, () => _subscriptions.TryRemove(id, out _));
        _subscriptions[id] = subscription;
        return subscription;
    }

    /// <summary>
    /// Told synchronously of every change published in this process, before any subscriber: the change feed uses it to
    /// leave out what this process has announced already (a subscription would see it only later, after a yield).
    /// </summary>
    internal event Action<DeploymentChanged>? Publishing;

    /// <summary>Delivers <paramref name="change"/> to every matching subscriber without waiting for them.</summary>
    public void Publish(DeploymentChanged change)
    {
        Publishing?.Invoke(change);
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.DeploymentId is null || subscription.DeploymentId == change.DeploymentId)
            {
                _ = DeliverAsync(subscription, change);
            }
        }
    }

    private async Task DeliverAsync(Subscription subscription, DeploymentChanged change)
    {
        try
        {
            await Task.Yield();
            await subscription.Handler(change);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "A subscriber to deployment {DeploymentId} failed handling its progress event", change.DeploymentId);
        }
    }

    private sealed class Subscription(Guid? deploymentId, Func<DeploymentChanged, Task> handler, Action remove) : IDisposable
    {
        public Guid? DeploymentId { get; } = deploymentId;
        public Func<DeploymentChanged, Task> Handler { get; } = handler;
        public void Dispose() => remove();
    }
}
