using SecureApi.Provisioning.Deployments;
using SecureApi.Provisioning.Records;

namespace SecureApi.Provisioning.Audit;

/// <summary>
/// The audit trail: who did what, to which deployment, when, from where (<see cref="Caller.RemoteAddress"/>) and with
/// what outcome. Append-only: there is no update or delete, and the record store refuses changed or removed rows.
/// Details are plain text; tokens, secrets and passwords are never passed in (anything shaped like a JWT is redacted).
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends one entry.</summary>
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Newest first, paged and filtered in the database. Only an Admin may read the trail.</summary>
    /// <exception cref="AccessDeniedException">The caller is not an Admin (the refusal is itself recorded).</exception>
    Task<PagedResult<AuditEntryInfo>> QueryAsync(AuditQuery query, Caller caller, CancellationToken cancellationToken = default);
}

/// <summary>One thing to record. <paramref name="Action"/> is one of <see cref="AuditActions"/> (or a new dotted name).</summary>
public sealed record AuditRecord(Caller Actor, string Action, AuditOutcome Outcome, Guid? DeploymentId = null, string? Detail = null);

/// <summary>One line of the trail as the portal shows it.</summary>
public sealed record AuditEntryInfo(
    long Id,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string Action,
    Guid? DeploymentId,
    AuditOutcome Outcome,
    string? Detail,
    string? RemoteAddress);

/// <summary>Filters of the audit trail; all optional and combined with AND.</summary>
public sealed record AuditQuery
{
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
    /// <summary>Part of the actor's id or name.</summary>
    public string? Actor { get; init; }
    /// <summary>Exact action, e.g. <c>deployment.delete</c>.</summary>
    public string? Action { get; init; }
    public Guid? DeploymentId { get; init; }
    public AuditOutcome? Outcome { get; init; }
    /// <summary>Inclusive lower bound of <see cref="AuditEntryInfo.At"/>.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Exclusive upper bound of <see cref="AuditEntryInfo.At"/>.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>The action names the trail uses, so pages, filters and tests agree.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignOut = "sign-out";
    public const string Create = "deployment.create";
    public const string Delete = "deployment.delete";
    public const string DriftCheck = "deployment.drift-check";
    public const string Retry = "deployment.retry";
    public const string Verify = "deployment.verify";
    /// <summary>A fresh test-user token handed out for the "try it" command.</summary>
    public const string TestToken = "deployment.test-token";
    public const string ListUserPools = "user-pools.list";
    public const string ReadAudit = "audit.read";
    /// <summary>A request refused by the portal's role policies before reaching a service.</summary>
    public const string AccessDenied = "access.denied";

    /// <summary>Every name above, for filters.</summary>
    public static IReadOnlyList<string> All { get; } =
        [SignIn, SignOut, Create, Delete, DriftCheck, Retry, Verify, TestToken, ListUserPools, ReadAudit, AccessDenied];
}
