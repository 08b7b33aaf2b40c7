using SecureApi.Provisioning.Deployments;

namespace SecureApi.Provisioning.Records;

/// <summary>One "secure this API" request and everything known about it. Rows are never removed: Deleted stays for history.</summary>
public sealed class Deployment
{
    public Guid Id { get; set; }
    /// <summary>The API name (what people recognise it by).</summary>
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>The <see cref="Specs.SecureApiSpec"/> as camelCase JSON.</summary>
    public string SpecJson { get; set; } = "{}";
    public string OwnerId { get; set; } = "";
    public string OwnerName { get; set; } = "";
    public DeploymentState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? InvokeUrl { get; set; }
    public string? Issuer { get; set; }
    public string? Audience { get; set; }
    /// <summary>Denormalised for the dashboard (no AWS call per row): pool id and route keys, newline-separated.</summary>
    public string? UserPoolId { get; set; }
    public string RouteKeys { get; set; } = "";
    /// <summary>Plain-language cause of the last failure.</summary>
    public string? Error { get; set; }
    /// <summary>What differs, when <see cref="DeploymentState.Drifted"/>.</summary>
    public string? DriftDetails { get; set; }
    public DateTimeOffset? LastDriftCheckAt { get; set; }
    public DateTimeOffset? LastVerifiedAt { get; set; }
    /// <summary>Pass / Fail of the latest verification run.</summary>
    public string? LastVerificationOutcome { get; set; }
    /// <summary>Optimistic concurrency token; changed on every write of the row.</summary>
    public Guid Version { get; set; }
    /// <summary>
    /// The worker instance working on this deployment right now, or null. Several portal instances share one database;
    /// a claim (with <see cref="ClaimedUntil"/>) makes sure only one of them creates, deletes or recovers a deployment.
    /// </summary>
    public string? ClaimedBy { get; set; }
    /// <summary>When the claim of <see cref="ClaimedBy"/> lapses unless renewed; after that another instance may take over.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public List<DeploymentResource> Resources { get; set; } = [];
    public List<JournalEntry> Journal { get; set; } = [];
}

/// <summary>An AWS resource a deployment made or uses.</summary>
public sealed class DeploymentResource
{
    public long Id { get; set; }
    public Guid DeploymentId { get; set; }
    public ResourceKind Kind { get; set; }
    /// <summary>AWS id: pool id, client id, api id, route id, …</summary>
    public string AwsId { get; set; } = "";
    public string? Arn { get; set; }
    /// <summary>Parent AWS id (the API id of a route, the pool id of a client).</summary>
    public string? ParentId { get; set; }
    /// <summary>Human label: route key, pool name, stage name, …</summary>
    public string? Name { get; set; }
    /// <summary>False for a reused pool: never deleted by this deployment.</summary>
    public bool CreatedByUs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>One step of the journal: intent written before the AWS call, outcome after it.</summary>
public sealed class JournalEntry
{
    public long Id { get; set; }
    public Guid DeploymentId { get; set; }
    /// <summary>Stable step key within the plan, e.g. <c>create-route:GET /users/{userId}</c>.</summary>
    public string Step { get; set; } = "";
    /// <summary>The AWS operation, e.g. <c>CreateRoute</c>.</summary>
    public string Operation { get; set; } = "";
    public StepState State { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? AwsRequestId { get; set; }
    public string? ResourceId { get; set; }
    public string? Error { get; set; }
}
