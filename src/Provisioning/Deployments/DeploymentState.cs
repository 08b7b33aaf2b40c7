namespace SecureApi.Provisioning.Deployments;

/// <summary>Every deployment is always in one named state (DESIGN.md).</summary>
public enum DeploymentState
{
    Pending,
    Provisioning,
    Active,
    Failed,
    RollingBack,
    RolledBack,
    Deleting,
    Deleted,
    Interrupted,
    Drifted,
}

/// <summary>Kinds of AWS resource a deployment records.</summary>
public enum ResourceKind
{
    UserPool,
    UserPoolClient,
    Api,
    Integration,
    Stage,
    Authorizer,
    Route,
    TestUser,
}

/// <summary>State of one step of the journal.</summary>
public enum StepState
{
    /// <summary>Recorded before the AWS call is sent.</summary>
    Intent,
    Succeeded,
    Failed,
    /// <summary>Not needed (e.g. already gone on delete, or reused pool).</summary>
    Skipped,
}

/// <summary>Who is asking. The service layer checks ownership against it; the portal builds it from the signed-in user.</summary>
public sealed record Caller(string Id, string Name, CallerRole Role)
{
    public static Caller System { get; } = new("system", "SecureApi", CallerRole.Admin);
    public bool CanWrite => Role is CallerRole.Operator or CallerRole.Admin;

    /// <summary>Where the request came from (client IP address), for the audit trail; null when not known.</summary>
    public string? RemoteAddress { get; init; }
}

public enum CallerRole
{
    Viewer,
    Operator,
    Admin,
}
