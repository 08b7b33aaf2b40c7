using SecureApi.Provisioning.Specs;

namespace SecureApi.Provisioning.Deployments;

/// <summary>
/// What the portal (pages and <c>/api</c>) asks of the provisioning layer. Every method takes the caller: ownership
/// and roles are enforced here, not only in the UI. Work itself runs in the background worker; these methods record
/// the request and return at once.
/// </summary>
public interface IDeploymentService
{
    /// <summary>Validates (throws <see cref="SpecValidationException"/>, zero AWS calls), records and queues a create.</summary>
    Task<DeploymentDetails> CreateAsync(SecureApiSpec spec, Caller caller, CancellationToken cancellationToken = default);

    Task<DeploymentDetails?> GetAsync(Guid id, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Paged in the database; no AWS call per row.</summary>
    Task<PagedResult<DeploymentSummary>> ListAsync(DeploymentQuery query, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>What a delete would remove and keep (a pool shared with another live deployment is kept).</summary>
    Task<DeletePreview> PreviewDeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Queues the delete. Idempotent: a second delete of the same deployment sees it done or under way.</summary>
    Task<DeploymentDetails> DeleteAsync(Guid id, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Compares the recorded resources with AWS now; Active ↔ Drifted.</summary>
    Task<DeploymentDetails> CheckDriftAsync(Guid id, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Retries a failed or rolled-back create with the same spec, as a new deployment.</summary>
    Task<DeploymentDetails> RetryAsync(Guid id, Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Existing pools of a region, for the wizard's "use an existing pool" picker.</summary>
    Task<IReadOnlyList<PoolChoice>> ListUserPoolsAsync(string region, Caller caller, CancellationToken cancellationToken = default);
}

/// <summary>Live progress: published per deployment by the worker; pages subscribe and re-render.</summary>
public interface IDeploymentEvents
{
    /// <summary>Subscribe to one deployment (or all, when <paramref name="deploymentId"/> is null). Dispose to stop.</summary>
    IDisposable Subscribe(Guid? deploymentId, Func<DeploymentChanged, Task> handler);
}

public sealed record DeploymentChanged(Guid DeploymentId, DeploymentState State, string? Step, StepState? StepState, DateTimeOffset At);

public sealed record DeploymentQuery
{
    public int Skip { get; init; }
    public int Take { get; init; } = 25;
    public DeploymentState? State { get; init; }
    /// <summary>Matches name, region, invoke URL, pool id, owner, route keys.</summary>
    public string? Text { get; init; }
    public bool IncludeDeleted { get; init; }
    /// <summary>name, state, region, owner, createdAt (default, descending), lastVerifiedAt.</summary>
    public string? SortBy { get; init; }
    public bool Descending { get; init; } = true;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

public sealed record DeploymentSummary(
    Guid Id,
    string Name,
    DeploymentState State,
    string Region,
    string? InvokeUrl,
    IReadOnlyList<string> Routes,
    string? UserPoolId,
    string OwnerName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastVerifiedAt,
    string? LastVerificationOutcome);

public sealed record DeploymentDetails
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public required DeploymentState State { get; init; }
    public required string Region { get; init; }
    public required SecureApiSpec Spec { get; init; }
    public required string OwnerId { get; init; }
    public required string OwnerName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? InvokeUrl { get; init; }
    public string? Issuer { get; init; }
    public string? Audience { get; init; }
    public string? UserPoolId { get; init; }
    public string? ClientId { get; init; }
    public string? ApiId { get; init; }
    public string? AuthorizerId { get; init; }
    public string? IntegrationId { get; init; }
    public string? StageName { get; init; }
    public IReadOnlyList<RouteInfo> Routes { get; init; } = [];
    public IReadOnlyList<ResourceInfo> Resources { get; init; } = [];
    public IReadOnlyList<JournalInfo> Journal { get; init; } = [];
    public string? Error { get; init; }
    public string? DriftDetails { get; init; }
    public DateTimeOffset? LastDriftCheckAt { get; init; }
    public DateTimeOffset? LastVerifiedAt { get; init; }
    public string? LastVerificationOutcome { get; init; }
    /// <summary>The newest verification run with its checks (filled by <see cref="IDeploymentService.GetAsync"/>).</summary>
    public Verification.VerificationRunInfo? LatestVerification { get; init; }
}

public sealed record RouteInfo(string RouteKey, string? RouteId);

public sealed record ResourceInfo(ResourceKind Kind, string AwsId, string? Arn, string? Name, bool CreatedByUs, bool Deleted);

public sealed record JournalInfo(string Step, string Operation, StepState State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? AwsRequestId, string? ResourceId, string? Error);

public sealed record DeletePreview(Guid DeploymentId, IReadOnlyList<ResourceInfo> WillDelete, IReadOnlyList<KeptResource> WillKeep, string? RefusedReason);

public sealed record KeptResource(ResourceInfo Resource, string Reason);

public sealed record PoolChoice(string Id, string Name);

/// <summary>An invalid spec: one message per field, keyed by camelCase path (<c>api.name</c>, <c>routes[0]</c>, …).</summary>
public sealed class SpecValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Expected failures a person can act on (plain language); anything else is a bug.</summary>
public sealed class ProvisioningException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The caller may not do this (role or ownership). The API maps it to 403, not-found-for-you to 404.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
