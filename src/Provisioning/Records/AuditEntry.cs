namespace SecureApi.Provisioning.Records;

/// <summary>
/// One line of the audit trail: who did what, to which deployment, when, from where, with what outcome.
/// Append-only for the application. <see cref="Detail"/> is plain text and must never carry a token, secret or password.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    /// <summary>What was done, e.g. <c>deployment.create</c>, <c>deployment.delete</c>, <c>sign-in</c>.</summary>
    public string Action { get; set; } = "";
    public Guid? DeploymentId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
    /// <summary>Client IP address the request came from, when known.</summary>
    public string? RemoteAddress { get; set; }
}

/// <summary>How an audited action ended.</summary>
public enum AuditOutcome
{
    Succeeded,
    Failed,
    /// <summary>Refused: the caller's role or ownership did not allow it.</summary>
    Denied,
}
