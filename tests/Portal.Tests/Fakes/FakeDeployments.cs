using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Specs;

namespace SecureApi.Portal.Tests.Fakes;

/// <summary>
/// The one hand-written stand-in for the provisioning layer in UI tests: an in-memory list of deployments, a record
/// of every call the pages make, and events the test publishes as the worker would.
/// </summary>
public sealed class FakeDeployments : IDeploymentService, IDeploymentEvents
{
    private readonly List<(Guid? Id, Func<DeploymentChanged, Task> Handler)> _subscribers = [];
    private readonly Lock _lock = new();

    public List<DeploymentDetails> Store { get; } = [];
    public List<SecureApiSpec> CreatedSpecs { get; } = [];
    public List<DeploymentQuery> Queries { get; } = [];
    public List<Guid> DeleteCalls { get; } = [];
    public List<Guid> RetryCalls { get; } = [];
    public List<Guid> DriftCalls { get; } = [];
    public List<string> PoolRegions { get; } = [];
    public List<PoolChoice> Pools { get; } = [];
    public Dictionary<Guid, DeletePreview> Previews { get; } = [];

    /// <summary>When set, Create throws it instead of recording a deployment.</summary>
    public Exception? CreateFailure { get; set; }
    public Exception? DeleteFailure { get; set; }

    public int SubscriberCount
    {
        get { lock (_lock) { return _subscribers.Count; } }
    }

    public DeploymentDetails Put(DeploymentDetails deployment)
    {
        lock (_lock)
        {
            Store.RemoveAll(d => d.Id == deployment.Id);
            Store.Add(deployment);
        }

        return deployment;
    }

    /// <summary>Changes a stored deployment and tells subscribers, as the background worker does.</summary>
    public async Task ChangeAsync(DeploymentDetails deployment, string? step = null, StepState? stepState = null)
    {
        Put(deployment);
        List<Func<DeploymentChanged, Task>> handlers;
        lock (_lock)
        {
            handlers = [.. _subscribers.Where(s => s.Id is null || s.Id == deployment.Id).Select(s => s.Handler)];
        }

        var change = new DeploymentChanged(deployment.Id, deployment.State, step, stepState, DateTimeOffset.UtcNow);
        foreach (var handler in handlers)
        {
            await handler(change);
        }
    }

    public Task<DeploymentDetails> CreateAsync(SecureApiSpec spec, Caller caller, CancellationToken cancellationToken = default)
    {
        CreatedSpecs.Add(spec);
        if (CreateFailure is not null)
        {
            throw CreateFailure;
        }

        return Task.FromResult(Put(SampleDeployments.New(spec.Api.Name, DeploymentState.Pending, spec)));
    }

    public Task<DeploymentDetails?> GetAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Store.FirstOrDefault(d => d.Id == id));
        }
    }

    public Task<PagedResult<DeploymentSummary>> ListAsync(DeploymentQuery query, Caller caller, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Queries.Add(query);
            var matching = Store
                .Where(d => query.IncludeDeleted || d.State != DeploymentState.Deleted)
                .Where(d => query.State is null || d.State == query.State)
                .Where(d => query.Text is null || d.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var page = matching.Skip(query.Skip).Take(query.Take).Select(Summary).ToList();
            return Task.FromResult(new PagedResult<DeploymentSummary>(page, matching.Count));
        }
    }

    public Task<DeletePreview> PreviewDeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default) =>
        Task.FromResult(Previews.TryGetValue(id, out var preview)
            ? preview
            : new DeletePreview(id, Store.Single(d => d.Id == id).Resources, [], null));

    public async Task<DeploymentDetails> DeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        DeleteCalls.Add(id);
        if (DeleteFailure is not null)
        {
            throw DeleteFailure;
        }

        var deleting = Store.Single(d => d.Id == id) with { State = DeploymentState.Deleting };
        await ChangeAsync(deleting);
        return deleting;
    }

    public Task<DeploymentDetails> CheckDriftAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        DriftCalls.Add(id);
        var checkedNow = Store.Single(d => d.Id == id) with
        {
            State = DeploymentState.Drifted,
            DriftDetails = "Route GET /users/{userId} no longer uses the authorizer.",
            LastDriftCheckAt = DateTimeOffset.UtcNow,
        };
        return Task.FromResult(Put(checkedNow));
    }

    public Task<DeploymentDetails> RetryAsync(Guid id, Caller caller, CancellationToken cancellationToken = default)
    {
        RetryCalls.Add(id);
        var original = Store.Single(d => d.Id == id);
        return Task.FromResult(Put(SampleDeployments.New(original.Name, DeploymentState.Pending, original.Spec)));
    }

    public Task<IReadOnlyList<PoolChoice>> ListUserPoolsAsync(string region, Caller caller, CancellationToken cancellationToken = default)
    {
        PoolRegions.Add(region);
        return Task.FromResult<IReadOnlyList<PoolChoice>>([.. Pools]);
    }

    public IDisposable Subscribe(Guid? deploymentId, Func<DeploymentChanged, Task> handler)
    {
        var entry = (deploymentId, handler);
        lock (_lock)
        {
            _subscribers.Add(entry);
        }

        return new Unsubscriber(() =>
        {
            lock (_lock)
            {
                _subscribers.Remove(entry);
            }
        });
    }

    private static DeploymentSummary Summary(DeploymentDetails d) => new(
        d.Id, d.Name, d.State, d.Region, d.InvokeUrl, [.. d.Spec.Routes], d.UserPoolId, d.OwnerName, d.CreatedAt,
        d.LastVerifiedAt, d.LastVerificationOutcome);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
